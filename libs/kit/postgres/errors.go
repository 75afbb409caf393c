package postgres

import (
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// IsUnavailable reports whether err says the database cannot be reached or will not serve
// now: a connection that could not be opened or broke (network errors, EOF, a closed
// connection), or the server refusing or dropping sessions while it shuts down, restarts,
// fails over or is out of connection slots. Such errors are a temporary condition of the
// service, to be answered with "try again later" (HTTP 503), never a bug (HTTP 500).
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// SQLSTATE class 08 is connection exception; 57P01 admin_shutdown, 57P02
		// crash_shutdown, 57P03 cannot_connect_now; 53300 too_many_connections
		// (PostgreSQL documentation, Appendix A "PostgreSQL Error Codes").
		switch {
		case strings.HasPrefix(pgErr.Code, "08"), pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03", pgErr.Code == "53300":
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) ||
		errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}

// IsTimeout reports whether err is the server cancelling a statement (SQLSTATE 57014
// query_canceled, which statement_timeout raises) or a lock wait given up (55P03
// lock_not_available, which lock_timeout raises), or pgx giving up on a deadline.
func IsTimeout(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "57014" || pgErr.Code == "55P03"
	}
	return pgconn.Timeout(err)
}
