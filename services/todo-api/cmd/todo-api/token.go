package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// tokenSubcommands are the valid words after `todo-api token`; without one, it mints.
var tokenSubcommands = []string{"mint", "list", "revoke"}

// tokenCommand implements `todo-api token [mint|list|revoke] ...`.
func tokenCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	sub := "mint"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "mint":
		return mintToken(ctx, args, getenv, stdout, stderr)
	case "list":
		return listTokens(ctx, args, getenv, stdout, stderr)
	case "revoke":
		return revokeTokens(ctx, args, getenv, stdout, stderr)
	}
	return fmt.Errorf("token: unknown subcommand %q; one of: %s\n%s", sub, strings.Join(tokenSubcommands, ", "), usage)
}

// tokenFlags parses the flags of a token subcommand; email is required.
func tokenFlags(name string, args []string, stderr io.Writer, define func(*flag.FlagSet)) (*flag.FlagSet, string, error) {
	fs := flag.NewFlagSet("token "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the user's email address (required)")
	if define != nil {
		define(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, "", fmt.Errorf("token %s: %w", name, err)
	}
	if *email == "" {
		return nil, "", fmt.Errorf("token %s: --email is required\n%s", name, usage)
	}
	return fs, *email, nil
}

// mintToken implements `todo-api token [mint]`: the token is printed alone on the last line,
// so scripts take it with `tail -n 1`.
func mintToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var name, label *string
	var expiresIn *time.Duration
	fs, email, err := tokenFlags("mint", args, stderr, func(fs *flag.FlagSet) {
		name = fs.String("name", "", "the user's display name when the user is new (default: the address's local part)")
		label = fs.String("label", "cli", "a label for the token, to tell tokens apart")
		expiresIn = fs.Duration("expires-in", 0, "the token's lifetime, such as 720h (default TOKEN_DEFAULT_TTL, at most TOKEN_MAX_TTL)")
	})
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("token mint takes no arguments, got %q\n%s", strings.Join(fs.Args(), " "), usage)
	}
	closeDB, auth, err := openAuth(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeDB()
	u, t, token, err := auth.MintTokenFor(ctx, email, *name, *label, *expiresIn)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "minted a token for %s (%s, user %s), id %s, expiring %s; it is shown once:\n%s\n",
		u.Email, u.DisplayName, u.ID, t.ID, t.ExpiresAt.UTC().Format(time.RFC3339), token)
	return err
}

// listTokens implements `todo-api token list`.
func listTokens(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, email, err := tokenFlags("list", args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("token list takes no arguments, got %q\n%s", strings.Join(fs.Args(), " "), usage)
	}
	closeDB, auth, err := openAuth(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeDB()
	u, tokens, err := auth.Tokens(ctx, email)
	if err != nil {
		return fmt.Errorf("token list: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "tokens of %s (user %s):\n", u.Email, u.ID); err != nil {
		return err
	}
	return printTokens(stdout, tokens, time.Now())
}

// revokeTokens implements `todo-api token revoke`.
func revokeTokens(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var all *bool
	fs, email, err := tokenFlags("revoke", args, stderr, func(fs *flag.FlagSet) {
		all = fs.Bool("all", false, "revoke every token of the user")
	})
	if err != nil {
		return err
	}
	if *all == (fs.NArg() > 0) {
		return fmt.Errorf("token revoke: give token ids or id prefixes (see `todo-api token list`), or --all, not both\n%s", usage)
	}
	closeDB, auth, err := openAuth(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeDB()
	tokens, n, err := auth.RevokeTokens(ctx, email, fs.Args(), *all)
	if err != nil {
		return fmt.Errorf("token revoke: %w", err)
	}
	if _, err := fmt.Fprintf(stdout, "revoked %d token(s); running instances refuse them within %s (their auth cache's lifetime):\n",
		n, config.EnvAuthCacheTTL); err != nil {
		return err
	}
	return printTokens(stdout, tokens, time.Now())
}

// printTokens writes tokens as a table.
func printTokens(w io.Writer, tokens []domain.Token, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLABEL\tSTATE\tCREATED\tEXPIRES\tLAST USED\tREVOKED")
	ts := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, t := range tokens {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Label, t.State(now), ts(&t.CreatedAt), ts(&t.ExpiresAt), ts(t.LastUsedAt), ts(t.RevokedAt))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write tokens: %w", err)
	}
	return nil
}
