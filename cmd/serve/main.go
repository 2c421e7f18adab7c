// Command serve hosts the dwarfscope page and its export API.
//
//	go run ./cmd/serve [-addr localhost:8080]
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/server"
	"github.com/dwarfscope/dwarfscope/static"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address (host:port)")
	maxBody := flag.Int64("max-body", server.DefaultConfig.MaxBody, "largest accepted source in bytes")
	timeout := flag.Duration("timeout", server.DefaultConfig.Timeout, "time limit for one build")
	flag.Parse()

	srv := &http.Server{
		Addr:              *addr,
		Handler:           server.New(server.Config{MaxBody: *maxBody, Timeout: *timeout, Static: static.FS}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      *timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	log.Printf("dwarfscope: serving http://%s/", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
