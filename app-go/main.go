// Command api is the sample HTTP service whose Docker image imagediet
// measures. It answers a fixed line of text on a handful of routes, like the
// app of the DigitalOcean tutorial the benchmark follows.
//
// Compatibility: this package must also build with Go 1.10 in GOPATH mode,
// the toolchain of the "seed-2019" build profile. That is why it is a single
// package main in the module root, imports the standard library only, and
// uses no API or language feature newer than Go 1.10: no generics or `any`,
// no method patterns in http.ServeMux, no errors.Is or %w, no io.ReadAll or
// os.ReadFile, no http.NewRequestWithContext. go.mod is read by module-aware
// toolchains and ignored by Go 1.10. Check any change against that list.
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const (
	defaultPort     = "3000"
	shutdownTimeout = 5 * time.Second
)

func main() {
	logger := log.New(os.Stderr, "", 0)

	addr, err := listenAddr(os.Getenv("PORT"))
	if err != nil {
		logger.Print(err)
		os.Exit(2)
	}

	// Subscribe before listening so that a signal arriving right after
	// start-up still gets a graceful shutdown.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		logger.Print(err)
		os.Exit(1)
	}
	logger.Printf("listening on %s", addr)

	if err := serve(ln, newHandler(), stop, logger); err != nil {
		logger.Print(err)
		os.Exit(1)
	}
}

// listenAddr turns the value of $PORT into a listen address on all
// interfaces. An empty value means the default port, 3000.
func listenAddr(port string) (string, error) {
	if port == "" {
		port = defaultPort
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("invalid PORT %q: want a number from 1 to 65535", port)
	}
	return ":" + strconv.Itoa(n), nil
}

// serve answers requests on ln until a value arrives on stop, then shuts the
// server down gracefully: it stops accepting, lets in-flight requests finish
// and gives up after shutdownTimeout. It returns nil after a clean shutdown.
func serve(ln net.Listener, h http.Handler, stop <-chan os.Signal, logger *log.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          logger,
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		// Serve only returns early on a listener failure.
		return err
	case sig := <-stop:
		logger.Printf("received %v, shutting down", sig)
	}

	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutdown: %v", err)
	}
	if err := <-served; err != http.ErrServerClosed {
		return err
	}
	return nil
}
