// Package web holds the explorer page's vugu components. They render what
// wasm/model computes; generate the *_gen.go files with
//
//	go generate ./web
//
// which runs vugugen and then drops the unused `log` import vugugen
// writes into every file (it would link package log, about 9 KB gzip,
// into the page's module).
//
//go:generate go tool vugugen -skip-go-mod -skip-main .
//go:generate sed -i -e "/^import \"log\"$/d" -e "/^var _ log.Logger$/d" editor_gen.go root_gen.go
//go:generate gofmt -w editor_gen.go root_gen.go
package web
