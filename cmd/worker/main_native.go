//go:build !(js && wasm)

package main

import (
	"flag"
	"log"

	"github.com/dwarfscope/dwarfscope/internal/server"
)

func main() {
	addr := flag.String("addr", "localhost:8787", "listen address")
	flag.Parse()
	log.Printf("worker handler (native): http://%s/", *addr)
	log.Fatal(server.NewHTTPServer(*addr, handler(), config()).ListenAndServe())
}
