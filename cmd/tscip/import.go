package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/importer"
)

const importUsage = `Usage:
  tscip import 360giving [-s SITE] [--service S] [--force] [--dry-run] FILE
  tscip import transparency [-s SITE] FILE --map "amount=HEADING,recipient=HEADING,date=HEADING,..."
        [--funder F] [--service S] [--type grant|contract|sla] [--route R] [--force] [--dry-run]

Adds the grants or payments in FILE to the site's data/arrangements.csv,
data/organisations.csv and data/services.csv. The funder becomes a partner,
each recipient a provider and the grant programme (or --service) a service.

360giving reads a 360Giving JSON package or the flat CSV whose headings are
the standard's titles (Identifier, Amount Awarded, Award Date, Recipient
Org:Name, Funding Org:Name, Grant Programme:Title, Planned Dates:Start Date,
Planned Dates:End Date, Planned Dates:Duration (months), ...).

transparency reads a council's grants, contracts or spend CSV. --map says
which heading holds what, as key=Heading pairs separated by commas (a
heading may contain commas; --map may be repeated). Keys:
%s

Every row that cannot be read is reported with file:line and the reason;
negative amounts are reported, never netted. Annual value = amount × 12 ÷
duration in months (one year when none is given), rounded half up to the
penny once. An arrangement id already in the site refuses the import unless
--force, which replaces those rows. Nothing is written unless the site still
builds.

Flags:
`

func importData(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != importer.ThreeSixtyGiving && args[0] != importer.Transparency) {
		fmt.Fprintf(stderr, importUsage, "  "+strings.Join(importer.MapKeys(), "\n  "))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	format := args[0]
	fl := flag.NewFlagSet("import "+format, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, importUsage, "  "+strings.Join(importer.MapKeys(), "\n  "))
		fl.PrintDefaults()
	}
	var opt importer.Options
	var maps []string
	fl.StringVar(&opt.Site, "s", ".", "the site's folder")
	fl.BoolVar(&opt.Force, "force", false, "replace arrangements whose ids are already in the site")
	fl.BoolVar(&opt.DryRun, "dry-run", false, "report what would be imported, write nothing")
	fl.StringVar(&opt.Service, "service", "", "service id or name: for grants that name no programme (360giving), or for every row (transparency)")
	fl.StringVar(&opt.Route, "route", "", "how the arrangements were let (default grant-application for 360giving, unknown for transparency)")
	if format == importer.Transparency {
		fl.StringVar(&opt.Funder, "funder", "", "the funder's organisation id or name, when no column holds it")
		fl.StringVar(&opt.Type, "type", "grant", "what the rows are: grant, contract or sla")
		fl.Func("map", "which heading holds what: key=Heading,key=Heading (repeatable)", func(s string) error {
			maps = append(maps, s)
			return nil
		})
	}
	// Flags may come before or after FILE.
	var files []string
	rest := args[1:]
	for {
		if err := fl.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fl.NArg() == 0 {
			break
		}
		files = append(files, fl.Arg(0))
		rest = fl.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "tscip import %s: expected one FILE, got %d\n", format, len(files))
		return 2
	}
	opt.Map = strings.Join(maps, ",")

	rep, err := importer.Import(ctx, format, files[0], opt)
	if rep != nil {
		for _, n := range rep.Notes {
			fmt.Fprintln(stdout, "note:", n)
		}
		for _, l := range rep.Lines() {
			fmt.Fprintln(stdout, l)
		}
	}
	if err != nil {
		var refused *importer.Refused
		var de *diag.Error
		switch {
		case errors.As(err, &refused):
			for _, c := range refused.Collisions {
				fmt.Fprintln(stderr, c)
			}
			fmt.Fprintln(stderr, "tscip import:", err)
		case errors.As(err, &de):
			printError(stderr, err)
		default:
			fmt.Fprintln(stderr, "tscip import:", err)
		}
		return 1
	}
	fmt.Fprintf(stdout, "read %d %s: took %d, skipped %d\n", rep.Read, plural(rep.Read, "row", "rows"), len(rep.Taken), len(rep.Skipped))
	if len(rep.Taken) == 0 {
		fmt.Fprintln(stdout, "nothing to import; nothing was written")
		return 1
	}
	fmt.Fprintf(stdout, "took %d %s worth %s in total, %s a year\n", len(rep.Taken), plural(len(rep.Taken), "arrangement", "arrangements"), rep.Total.Full(), rep.Annual.Full())
	if len(rep.NewOrganisations) > 0 {
		fmt.Fprintf(stdout, "new organisations: %s\n", strings.Join(rep.NewOrganisations, ", "))
	}
	if len(rep.NewServices) > 0 {
		fmt.Fprintf(stdout, "new services: %s\n", strings.Join(rep.NewServices, ", "))
	}
	if len(rep.Replaced) > 0 {
		fmt.Fprintf(stdout, "replaced (--force): %s\n", strings.Join(rep.Replaced, ", "))
	}
	if opt.DryRun {
		fmt.Fprintln(stdout, "dry run: nothing was written")
		return 0
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(rep.Written, ", "))
	return 0
}
