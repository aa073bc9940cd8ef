// Package sitetest holds end-to-end tests of a built site: it builds the
// reference site, serves it under a sub-path on loopback and follows every
// link, and checks a copy built for opening from disk. It has no code of its
// own; the tests are the package.
package sitetest
