package generator

// Interpreted returns opt set to run every template with html/template
// alone, as the templates' compiled programs are compared with it.
func Interpreted(opt Options) Options {
	opt.interpreted = true
	return opt
}

// Fallbacks gives how many template executions of a render the compiled
// programs left to html/template.
func Fallbacks(r *Result) int64 { return r.fallbacks }
