package generator

import "github.com/tscip/tscip/generator/theme"

// Interpreted returns opt set to run every template with html/template
// alone, as the templates' compiled programs are compared with it.
func Interpreted(opt Options) Options {
	opt.interpreted = true
	return opt
}

// Templates gives how a render's templates ran.
func Templates(r *Result) theme.Stats { return r.templates }
