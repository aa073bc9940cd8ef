package sitetest

import (
	"encoding/json"
	"os"
)

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
