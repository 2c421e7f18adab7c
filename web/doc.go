// Package web holds the explorer page's vugu components. They render what
// wasm/model computes; generate the *_gen.go files with
//
//	go tool vugugen -skip-go-mod -skip-main ./web
//
//go:generate go tool vugugen -skip-go-mod -skip-main .
package web
