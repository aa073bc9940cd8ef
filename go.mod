module github.com/tscip/tscip

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/gocarina/gocsv v0.0.0-20240520201108-78e41c74b4b1
	github.com/yuin/goldmark v1.8.7
)

require golang.org/x/sys v0.50.0 // indirect
