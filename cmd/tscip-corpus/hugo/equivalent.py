#!/usr/bin/env python3
"""Writes a Hugo site equivalent to a site from tscip-corpus, for comparing
build times: one page per arrangement, organisation (taxonomy terms),
service, opportunity and Markdown document, with templates shaped like
tscip's default theme (the same header, navigation, tables and footer).

    python3 cmd/tscip-corpus/hugo/equivalent.py /tmp/corpus10k /tmp/hugo10k
    hugo --quiet -s /tmp/hugo10k -d /tmp/hugo-out

It is a measuring aid, not part of tscip: it leaves out what Hugo has no
plain equivalent for (the search index, downloads, charts), and Hugo lists
every arrangement on one page where tscip splits long tables."""
import csv, os, shutil, sys, datetime, math

src, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

def rows(name):
    with open(os.path.join(src, 'data', name + '.csv'), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))

def money(v):
    v = v.strip().replace('£', '').replace(',', '')
    return float(v) if v else 0.0

def date(v):
    v = v.strip()
    if not v: return None
    if '/' in v:
        d, m, y = v.split('/'); return datetime.date(int(y), int(m), int(d))
    return datetime.date.fromisoformat(v)

def q(s): return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

orgs = {o['id']: o for o in rows('organisations')}
services = {s['id']: s for s in rows('services')}
asat = datetime.date(2011, 9, 8)
stages = ['budget','idea','specification','procurement','agreement','monitoring','payments']
stage_names = ['Confirming the budget','Formulating the idea','Developing the specification','Commissioning and procurement','Agreeing the contract','Performance and contract monitoring','Processing payments']

def write(path, text):
    p = os.path.join(out, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w', encoding='utf-8') as f: f.write(text)

# arrangements: one content page each, organisations and services as taxonomies
for a in rows('arrangements'):
    s, e = date(a['start']), date(a['end'])
    months = 12
    if e:
        months = max(12, (e.year - s.year) * 12 + e.month - s.month + (1 if e.day >= 15 else 0))
    rate = money(orgs[a['partner']]['hourly_rate'])
    hours = [money(a['hours_' + k]) for k in stages]
    cost = round(sum(hours) * rate * 36 / months, 2)
    due = (e is None) or (asat <= e <= asat.replace(year=asat.year + 1))
    fm = ['+++', 'title = ' + q(orgs[a['provider']]['name'] + ': ' + services[a['service']]['name'] + ' (' + orgs[a['partner']]['name'] + ')'),
          'partners = [' + q(a['partner']) + ']', 'providers = [' + q(a['provider']) + ']', 'services = [' + q(a['service']) + ']',
          'partner_name = ' + q(orgs[a['partner']]['name']), 'provider_name = ' + q(orgs[a['provider']]['name']),
          'service_name = ' + q(services[a['service']]['name']), 'arr_type = ' + q(a['type']), 'value = %.2f' % money(a['annual_value']),
          'start = ' + q(s.isoformat()), 'end = ' + q(e.isoformat() if e else ''), 'route = ' + q(a['route']),
          'intention = ' + q(a['intention']), 'cost = %.2f' % cost, 'months = %d' % months, 'due = %s' % ('true' if due else 'false'),
          'never_open = %s' % ('true' if a['route'] in ('rolled-over', 'inherited', 'direct-award') else 'false'),
          'hours = [%s]' % ', '.join('%.2f' % h for h in hours),
          'stage_costs = [%s]' % ', '.join('%.2f' % round(h * rate * 36 / months, 2) for h in hours),
          '+++', '']
    write('content/arrangements/%s.md' % a['id'], '\n'.join(fm))
write('content/arrangements/_index.md', '+++\ntitle = "Funding arrangements"\n+++\n')

for tax, role in (('partners', 'partner'), ('providers', 'provider')):
    for o in orgs.values():
        if o['role'] == role:
            write('content/%s/%s/_index.md' % (tax, o['id']),
                  '+++\ntitle = %s\norg_kind = %s\ngroup = %s\nidentifier = %s\nwebsite = %s\n+++\n' % (q(o['name']), q(o['kind']), q(o['group']), q(o['identifier']), q(o['website'])))
for sv in services.values():
    write('content/services/%s/_index.md' % sv['id'], '+++\ntitle = %s\nsummary = %s\n+++\n' % (q(sv['name']), q(sv['summary'])))

# opportunities, with the corpus's Markdown text where it has one
for o in rows('opportunities'):
    body = ''
    md = os.path.join(src, 'content', 'opportunities', o['id'] + '.md')
    if os.path.exists(md):
        body = open(md, encoding='utf-8').read().split('+++', 2)[2]
    write('content/opportunities/%s.md' % o['id'], '+++\ntitle = %s\nsummary = %s\nstatus = %s\nmodel = %s\nlead = %s\nvalue = %.2f\nyears = %s\ncloses = %s\n+++\n%s' % (
        q(o['title']), q(o['summary']), q(o['status']), q(o['model']), q(o['lead']), money(o['annual_value']), o['contract_years'] or '0', q(o['closes']), body))
write('content/opportunities/_index.md', '+++\ntitle = "Opportunities"\n+++\n')

# every other Markdown document as it is (Hugo reads +++ TOML front matter)
for root, dirs, files in os.walk(os.path.join(src, 'content')):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), os.path.join(src, 'content'))
        if rel.startswith('opportunities'): continue
        os.makedirs(os.path.dirname(os.path.join(out, 'content', rel)), exist_ok=True)
        shutil.copy(os.path.join(root, f), os.path.join(out, 'content', rel))

repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
shutil.copytree(os.path.join(repo, 'themes', 'default', 'static'), os.path.join(out, 'static'))
write('hugo.toml', '''baseURL = "https://commissioning.example.org/"
title = "Commissioning Partnership (Hugo equivalent)"
languageCode = "en-gb"
relativeURLs = true
disableKinds = ["RSS"]
[taxonomies]
partner = "partners"
provider = "providers"
service = "services"
[markup.goldmark.renderer]
unsafe = false
''')
HEAD = '''<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{- with .Params.summary }}
<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
<link rel="stylesheet" href="{{ "assets/print.css" | relURL }}" media="print">
<style>:root { --accent: #1d4f91; }</style>
<script src="{{ "assets/site.js" | relURL }}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <form class="search" role="search" action="{{ "search/" | relURL }}" method="get">
      <label for="search-q" class="visually-hidden">Search this site</label>
      <input id="search-q" name="q" type="search" placeholder="Search" autocomplete="off">
      <button type="submit">Search</button>
    </form>
  </div>
  <nav class="site-nav" aria-label="Main">
    <ul class="wrap">
      {{- range slice "opportunities" "decisions" "arrangements" "savings" "options" "framework" "plan" "data" }}
      <li><a href="{{ printf "%s/" . | relURL }}"{{ if eq $.Section . }} aria-current="page"{{ end }}>{{ . | title }}</a></li>
      {{- end }}
    </ul>
  </nav>
</header>
<div class="wrap">
  <p class="phase-banner"><strong class="tag">Reference</strong> As at <time datetime="2011-09-08">8 September 2011</time>.</p>
  <div class="notice" role="region" aria-label="Site notice"><p>Synthetic data for performance testing: no organisation, figure or decision on this site is real.</p></div>
  <nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>{{ with .Parent }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
  <main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
  </main>
</div>
<footer class="site-footer">
  <div class="wrap">
    <ul class="footer-links">
      <li><a href="{{ "about/" | relURL }}">About this site</a></li>
      <li><a href="{{ "partners/" | relURL }}">Organisations</a></li>
      <li><a href="{{ "services/" | relURL }}">Services</a></li>
      <li><a href="{{ "data/" | relURL }}">Open data</a></li>
    </ul>
    <p>Data published under the Open Government Licence v3.0. Built on <time datetime="{{ now.Format "2006-01-02" }}">{{ now.Format "2 January 2006" }}</time> with Hugo.</p>
  </div>
</footer>
</body>
</html>
'''
write('layouts/_default/baseof.html', HEAD)
ROW = '''<tr data-partner="{{ index .Params.partners 0 }}" data-provider="{{ index .Params.providers 0 }}" data-service="{{ index .Params.services 0 }}" data-type="{{ .Params.arr_type }}">
    <td><a href="{{ .RelPermalink }}">{{ .Params.provider_name }}</a></td>
    <td>{{ .Params.partner_name }}</td>
    <td>{{ .Params.service_name }}</td>
    <td>{{ .Params.arr_type }}</td>
    <td class="num" data-value="{{ .Params.value }}">£{{ lang.FormatNumber 0 .Params.value }}</td>
    <td data-value="{{ with .Params.end }}{{ . }}{{ else }}9999-12-31{{ end }}">{{ with .Params.end }}<time datetime="{{ . }}">{{ (time .).Format "2 January 2006" }}</time>{{ else }}Rolling{{ end }}</td>
    <td class="num" data-value="{{ .Params.cost }}">£{{ lang.FormatNumber 0 .Params.cost }}</td>
  </tr>'''
TABLE = '''<div class="table-wrap">
<table class="arrangements" data-sortable>
  <caption>{{ .caption }}</caption>
  <thead><tr>
    <th scope="col">Provider</th><th scope="col">Partner</th><th scope="col">Service</th><th scope="col">Type</th>
    <th scope="col" class="num" data-type="number">Annual value</th><th scope="col" data-type="date">Ends</th><th scope="col" class="num" data-type="number">Staff resource cost</th>
  </tr></thead>
  <tbody>
  {{- range .rows }}
  ''' + ROW + '''
  {{- end }}
  </tbody>
</table>
</div>'''
write('layouts/partials/arrangement-table.html', TABLE)
write('layouts/arrangements/single.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl class="summary-list">
  <div><dt>Partner (funder)</dt><dd><a href="{{ printf "partners/%s/" (index .Params.partners 0) | relURL }}">{{ .Params.partner_name }}</a></dd></div>
  <div><dt>Provider</dt><dd><a href="{{ printf "providers/%s/" (index .Params.providers 0) | relURL }}">{{ .Params.provider_name }}</a></dd></div>
  <div><dt>Service</dt><dd><a href="{{ printf "services/%s/" (index .Params.services 0) | relURL }}">{{ .Params.service_name }}</a></dd></div>
  <div><dt>Type</dt><dd>{{ .Params.arr_type }}</dd></div>
  <div><dt>Annual value</dt><dd>£{{ lang.FormatNumber 0 .Params.value }}</dd></div>
  <div><dt>Start</dt><dd><time datetime="{{ .Params.start }}">{{ (time .Params.start).Format "2 January 2006" }}</time></dd></div>
  <div><dt>End</dt><dd>{{ with .Params.end }}<time datetime="{{ . }}">{{ (time .).Format "2 January 2006" }}</time>{{ else }}Rolling: no end date{{ end }}{{ if .Params.due }} <strong class="tag">Ends within twelve months</strong>{{ end }}</dd></div>
  <div><dt>How it was let</dt><dd>{{ .Params.route }}{{ if .Params.never_open }} (never openly procured){{ end }}</dd></div>
  {{- with .Params.intention }}<div><dt>Future intention</dt><dd>{{ . }}</dd></div>{{ end }}
  <div><dt>Staff resource cost</dt><dd>£{{ lang.FormatNumber 2 .Params.cost }} on a three-year basis (life counted as {{ .Params.months }} months)</dd></div>
  <div><dt>Identifier</dt><dd><code>{{ .File.ContentBaseName }}</code></dd></div>
</dl>
<div class="table-wrap">
<table>
  <caption>Officer hours and cost by commissioning stage</caption>
  <thead><tr><th scope="col">Stage</th><th scope="col" class="num">Hours over its life</th><th scope="col" class="num">Cost, three-year basis</th></tr></thead>
  <tbody>
  {{- $costs := .Params.stage_costs }}
  {{- range $i, $name := slice "Confirming the budget" "Formulating the idea" "Developing the specification" "Commissioning and procurement" "Agreeing the contract" "Performance and contract monitoring" "Processing payments" }}
  <tr><th scope="row">{{ $name }}</th><td class="num">{{ index $.Params.hours $i }}</td><td class="num">£{{ lang.FormatNumber 2 (index $costs $i) }}</td></tr>
  {{- end }}
  </tbody>
  <tfoot><tr><th scope="row">Total</th><td class="num"></td><td class="num">£{{ lang.FormatNumber 2 .Params.cost }}</td></tr></tfoot>
</table>
</div>
<p class="hint">Costs are hours × the partner's hourly rate × 36 ÷ the life in months. <a href="{{ "savings/" | relURL }}">How the figures are worked out</a>.</p>
{{ end }}''')
write('layouts/arrangements/list.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ len .Pages }} known funding arrangements.</p>
<h2 id="all">Every arrangement</h2>
{{ partial "arrangement-table.html" (dict "caption" "All funding arrangements" "rows" .Pages) }}
<h2 id="due">Ending within twelve months, or rolling</h2>
{{ partial "arrangement-table.html" (dict "caption" "Arrangements ending within twelve months or rolling" "rows" (where .Pages "Params.due" true)) }}
<h2 id="never-open">Never openly procured</h2>
{{ partial "arrangement-table.html" (dict "caption" "Arrangements never openly procured" "rows" (where .Pages "Params.never_open" true)) }}
{{ end }}''')
write('layouts/_default/term.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl class="summary-list">
  {{- with .Params.group }}<div><dt>Group</dt><dd>{{ . }}</dd></div>{{ end }}
  {{- with .Params.identifier }}<div><dt>Identifier</dt><dd><code>{{ . }}</code></dd></div>{{ end }}
  {{- with .Params.website }}<div><dt>Website</dt><dd><a href="{{ . }}" rel="external">{{ . }}</a></dd></div>{{ end }}
  <div><dt>Arrangements</dt><dd>{{ len .Pages }}</dd></div>
</dl>
<h2>Arrangements</h2>
{{ partial "arrangement-table.html" (dict "caption" (printf "Arrangements of %s" .Title) "rows" .Pages) }}
{{ end }}''')
write('layouts/_default/taxonomy.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}''')
write('layouts/_default/single.html', '''{{ define "main" }}
<div class="with-sidebar">
<article class="prose">
  <h1>{{ .Title }}</h1>
  {{- with .TableOfContents }}<nav aria-label="On this page" class="toc">{{ . }}</nav>{{ end }}
  {{ .Content }}
</article>
<nav aria-label="Contents" class="contents sidebar">
  <h2>Contents</h2>
  <ol>{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $ }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ol>
</nav>
</div>
<nav class="pagination" aria-label="Previous and next">
  {{- with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}"><span class="hint">Previous</span> {{ .Title }}</a>{{ end }}
  {{- with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}"><span class="hint">Next</span> {{ .Title }}</a>{{ end }}
</nav>
{{ end }}''')
write('layouts/_default/list.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<nav class="contents"><h2>Contents</h2><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<br><span class="hint">{{ . }}</span>{{ end }}</li>{{ end }}</ol></nav>
{{ end }}''')
write('layouts/opportunities/single.html', '''{{ define "main" }}
<h1>{{ .Title }}</h1>
<p><strong class="tag tag-{{ .Params.status }}">{{ .Params.status | title }}</strong></p>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<dl class="summary-list">
  <div><dt>Commissioning model</dt><dd>{{ .Params.model }}</dd></div>
  <div><dt>Lead commissioner</dt><dd><a href="{{ printf "partners/%s/" .Params.lead | relURL }}">{{ .Params.lead }}</a></dd></div>
  <div><dt>Value a year</dt><dd>£{{ lang.FormatNumber 0 .Params.value }}</dd></div>
  {{ with .Params.closes }}<div><dt>Closing date</dt><dd>{{ . }}</dd></div>{{ end }}
</dl>
<div class="prose">{{ .Content }}</div>
{{ end }}''')
write('layouts/index.html', '''{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p class="lead">{{ len (where site.RegularPages "Section" "arrangements") }} funding arrangements.</p>
<h2>Open opportunities</h2>
<ul>{{ range where (where site.RegularPages "Section" "opportunities") "Params.status" "open" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}''')
print('hugo site written to', out)
