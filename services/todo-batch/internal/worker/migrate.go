package worker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// ErrMigrateUsage is returned (wrapped) by Migrate for a missing or unknown subcommand or a
// bad argument.
var ErrMigrateUsage = errors.New("usage: todo-batch migrate up | down [N] | version")

// Migrate applies River's own migrations (its river_* tables), as `todo-batch migrate`:
//
//	up          apply every pending migration (none pending is not an error)
//	down [N]    roll back N migrations, default 1
//	version     print the current version
//	force V     not supported: River runs each migration in a transaction, so there is no
//	            dirty state to force (the subcommand exists for symmetry and says so)
func Migrate(ctx context.Context, pool *pgxpool.Pool, args []string, stdout io.Writer, log *slog.Logger) error {
	if len(args) == 0 {
		return ErrMigrateUsage
	}
	m, err := rivermigrate.New[pgx.Tx](riverpgxv5.New(pool), &rivermigrate.Config{Logger: log})
	if err != nil {
		return fmt.Errorf("river migrator: %w", err)
	}
	switch cmd := args[0]; cmd {
	case "up":
		if len(args) != 1 {
			return fmt.Errorf("migrate up takes no arguments: %w", ErrMigrateUsage)
		}
		res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err != nil {
			return fmt.Errorf("migrate river up: %w", err)
		}
		return report(stdout, "applied", res)
	case "down":
		steps := 1
		if len(args) > 2 {
			return fmt.Errorf("migrate down takes at most one argument: %w", ErrMigrateUsage)
		}
		if len(args) == 2 {
			steps, err = strconv.Atoi(args[1])
			if err != nil || steps < 1 {
				return fmt.Errorf("migrate down %q: want a positive number of steps: %w", args[1], ErrMigrateUsage)
			}
		}
		res, err := m.Migrate(ctx, rivermigrate.DirectionDown, &rivermigrate.MigrateOpts{MaxSteps: steps})
		if err != nil {
			return fmt.Errorf("migrate river down: %w", err)
		}
		return report(stdout, "rolled back", res)
	case "version":
		if len(args) != 1 {
			return fmt.Errorf("migrate version takes no arguments: %w", ErrMigrateUsage)
		}
		existing, err := m.ExistingVersions(ctx)
		if err != nil {
			return fmt.Errorf("read river migration version: %w", err)
		}
		v := 0
		if len(existing) > 0 {
			v = existing[len(existing)-1].Version
		}
		latest := m.AllVersions()
		_, err = fmt.Fprintf(stdout, "river schema version %d (latest %d)\n", v, latest[len(latest)-1].Version)
		return err
	case "force":
		return fmt.Errorf("migrate force: River applies each migration in a transaction and is never left dirty; use up or down: %w", ErrMigrateUsage)
	default:
		return fmt.Errorf("unknown migrate subcommand %q: %w", cmd, ErrMigrateUsage)
	}
}

func report(w io.Writer, verb string, res *rivermigrate.MigrateResult) error {
	if len(res.Versions) == 0 {
		_, err := fmt.Fprintln(w, "river schema: no change")
		return err
	}
	for _, v := range res.Versions {
		if _, err := fmt.Fprintf(w, "river schema: %s %03d %s\n", verb, v.Version, v.Name); err != nil {
			return err
		}
	}
	return nil
}
