package main

// These tests must build with Go 1.10 too: no t.Cleanup, t.TempDir,
// t.Setenv, errors.Is or io.ReadAll.

import (
	"bytes"
	"io/ioutil"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestListenAddr(t *testing.T) {
	good := map[string]string{
		"":      ":3000",
		"3000":  ":3000",
		"8080":  ":8080",
		"1":     ":1",
		"65535": ":65535",
	}
	for in, want := range good {
		got, err := listenAddr(in)
		if err != nil || got != want {
			t.Errorf("listenAddr(%q) = %q, %v; want %q, nil", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "65536", "-1", "abc", ":3000", "30 00"} {
		if got, err := listenAddr(in); err == nil {
			t.Errorf("listenAddr(%q) = %q, nil; want an error", in, got)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to log to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs serve on a loopback port and returns its base URL, the
// stop channel and a channel that receives serve's result.
func startServe(t *testing.T, h http.Handler, logs *syncBuffer) (string, chan<- os.Signal, <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan os.Signal, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ln, h, stop, log.New(logs, "", 0)) }()
	return "http://" + ln.Addr().String(), stop, done
}

func waitServe(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after the stop signal")
	}
}

func TestServeStopsOnSignal(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGINT} {
		logs := &syncBuffer{}
		url, stop, done := startServe(t, newHandler(), logs)

		res, err := http.Get(url + "/notes")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := ioutil.ReadAll(res.Body)
		res.Body.Close()
		if string(body) != "All Notes!" {
			t.Errorf("body = %q, want %q", body, "All Notes!")
		}

		stop <- sig
		waitServe(t, done)

		want := "received " + sig.String() + ", shutting down\n"
		if got := logs.String(); got != want {
			t.Errorf("log = %q, want %q", got, want)
		}
		if _, err := net.Dial("tcp", strings.TrimPrefix(url, "http://")); err == nil {
			t.Errorf("%v: server still accepts connections after shutdown", sig)
		}
	}
}

// A request in flight when the signal arrives is allowed to finish.
func TestServeFinishesInFlightRequest(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		writeText(w, http.StatusOK, "slow done")
	})

	url, stop, done := startServe(t, slow, &syncBuffer{})
	addr := strings.TrimPrefix(url, "http://")

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get(url + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := ioutil.ReadAll(res.Body)
		got <- result{string(b), err}
	}()

	<-started
	stop <- syscall.SIGTERM

	// Shutdown closes the listener first; once dialling fails it has
	// begun, and the request is still being handled.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still open 5s after the stop signal")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("serve returned (%v) before the in-flight request finished", err)
	default:
	}

	close(release)
	r := <-got
	if r.err != nil || r.body != "slow done" {
		t.Errorf("in-flight request = %q, %v; want %q, nil", r.body, r.err, "slow done")
	}
	waitServe(t, done)
}
