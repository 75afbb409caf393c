package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/golang-migrate/migrate/v4"
	pgx5 "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/stdlib"
)

// Migrator applies the numbered migrations (NNNNNN_name.up.sql / .down.sql) found at the root
// of an fs.FS, usually an embed.FS compiled into the service binary.
type Migrator struct {
	m *migrate.Migrate
}

// NewMigrator prepares migrations from src against databaseURL (postgres:// or postgresql://;
// golang-migrate's pgx5:// is accepted too); it is OpenMigrator with Config{URL: databaseURL}.
func NewMigrator(src fs.FS, databaseURL, table string) (*Migrator, error) {
	return OpenMigrator(context.Background(), src, Config{URL: databaseURL}, table)
}

// OpenMigrator prepares migrations from src against the database cfg describes, with IAM
// authentication when cfg has no URL (the migrator role signs a token per connection, like a
// pool). table names the version table, so services that share a database keep apart; empty
// means golang-migrate's default, schema_migrations.
func OpenMigrator(ctx context.Context, src fs.FS, cfg Config, table string) (*Migrator, error) {
	source, err := iofs.New(src, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	cc, err := cfg.connConfig()
	if err != nil {
		return nil, err
	}
	before, err := cfg.beforeConnect(ctx)
	if err != nil {
		return nil, err
	}
	var opts []stdlib.OptionOpenDB
	if before != nil {
		opts = append(opts, stdlib.OptionBeforeConnect(before))
	}
	db := stdlib.OpenDB(*cc, opts...)
	driver, err := pgx5.WithInstance(db, &pgx5.Config{MigrationsTable: table})
	if err != nil {
		_ = db.Close() // the connection error is the one to report
		return nil, fmt.Errorf("connect migrations to %s: %w", target(cc), err)
	}
	m, err := migrate.NewWithInstance("iofs", source, "pgx5", driver)
	if err != nil {
		_ = driver.Close()
		return nil, fmt.Errorf("connect migrations to %s: %w", target(cc), err)
	}
	return &Migrator{m: m}, nil
}

// Up applies every pending migration. Nothing pending is not an error.
func (g *Migrator) Up() error {
	if err := g.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate up: %w", err)
	}
	return nil
}

// Down reverts exactly one migration, the newest applied one. At version zero it is an error.
func (g *Migrator) Down() error {
	if _, _, err := g.m.Version(); errors.Is(err, migrate.ErrNilVersion) {
		return errors.New("migrate down: no migration is applied")
	}
	if err := g.m.Steps(-1); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Version returns the applied version (0 when none) and whether a failed migration left it
// dirty, in which case an operator repairs the schema and calls Force.
func (g *Migrator) Version() (version uint, dirty bool, err error) {
	v, d, err := g.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read migration version: %w", err)
	}
	return v, d, nil
}

// Force records version as applied and clean without running anything: the way out of a
// dirty state after a manual repair. -1 means no migration applied.
func (g *Migrator) Force(version int) error {
	if err := g.m.Force(version); err != nil {
		return fmt.Errorf("force migration version %d: %w", version, err)
	}
	return nil
}

// Close releases the migrator's source and database connections.
func (g *Migrator) Close() error {
	srcErr, dbErr := g.m.Close()
	return errors.Join(srcErr, dbErr)
}

// MigrateUsage describes the migrate subcommand's arguments for usage messages.
const MigrateUsage = "migrate up|down|version|force VERSION"

// RunMigrateCommand implements a service's `migrate up|down|version|force VERSION`
// subcommand over src and the database cfg describes, reporting to stdout. args excludes
// "migrate".
func RunMigrateCommand(ctx context.Context, args []string, src fs.FS, cfg Config, table string, stdout io.Writer) (err error) {
	if len(args) == 0 {
		return fmt.Errorf("missing action; usage: %s", MigrateUsage)
	}
	action := args[0]
	var forceVersion int
	switch action {
	case "up", "down", "version":
		if len(args) != 1 {
			return fmt.Errorf("%s takes no arguments, got %q", action, strings.Join(args[1:], " "))
		}
	case "force":
		if len(args) != 2 {
			return fmt.Errorf("force needs exactly one VERSION; usage: %s", MigrateUsage)
		}
		v, err := strconv.Atoi(args[1])
		if err != nil || v < -1 {
			return fmt.Errorf("force VERSION %q: want a migration number, or -1 for none", args[1])
		}
		forceVersion = v
	default:
		return fmt.Errorf("unknown action %q; usage: %s", action, MigrateUsage)
	}

	g, err := OpenMigrator(ctx, src, cfg, table)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := g.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close migrator: %w", cerr)
		}
	}()
	switch action {
	case "up":
		err = g.Up()
	case "down":
		err = g.Down()
	case "force":
		err = g.Force(forceVersion)
	}
	if err != nil {
		return err
	}
	v, dirty, err := g.Version()
	if err != nil {
		return err
	}
	state := "clean"
	if dirty {
		state = "dirty: repair the schema, then migrate force VERSION"
	}
	_, err = fmt.Fprintf(stdout, "migration version %d (%s)\n", v, state)
	return err
}
