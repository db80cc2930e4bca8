package main

// These tests must build with Go 1.10 too: no t.Cleanup, t.TempDir,
// t.Setenv, errors.Is or io.ReadAll.

import (
	"io/ioutil"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRoutes(t *testing.T) {
	tests := []struct {
		method string
		path   string
		status int
		body   string
		allow  string // expected Allow header; "" means it must be absent
	}{
		// Every route.
		{"GET", "/", 200, "Hello World!", ""},
		{"GET", "/notes", 200, "All Notes!", ""},
		{"POST", "/notes", 200, "Create Note!", ""},
		{"PUT", "/notes", 200, "Update Note!", ""},
		{"DELETE", "/notes", 200, "Delete Note!", ""},
		{"GET", "/notes/1", 200, "Find Note!", ""},
		{"GET", "/notes/abc-DEF_42", 200, "Find Note!", ""},

		// Wrong method on a known path.
		{"POST", "/", 405, "Method Not Allowed", "GET"},
		{"DELETE", "/", 405, "Method Not Allowed", "GET"},
		{"HEAD", "/", 405, "Method Not Allowed", "GET"},
		{"PATCH", "/notes", 405, "Method Not Allowed", "GET, POST, PUT, DELETE"},
		{"OPTIONS", "/notes", 405, "Method Not Allowed", "GET, POST, PUT, DELETE"},
		{"PUT", "/notes/1", 405, "Method Not Allowed", "GET"},
		{"DELETE", "/notes/1", 405, "Method Not Allowed", "GET"},

		// Unknown paths, whatever the method.
		{"GET", "/nope", 404, "Not Found", ""},
		{"POST", "/nope", 404, "Not Found", ""},
		{"GET", "/index.html", 404, "Not Found", ""},
		{"GET", "/Notes", 404, "Not Found", ""},
		{"GET", "/notes/", 404, "Not Found", ""},
		{"GET", "/notes//", 404, "Not Found", ""},
		{"GET", "/notes/1/", 404, "Not Found", ""},
		{"GET", "/notes/1/2", 404, "Not Found", ""},
		{"GET", "/notesx", 404, "Not Found", ""},
		{"DELETE", "/notes/1/2", 404, "Not Found", ""},
	}

	h := newHandler()
	for _, tc := range tests {
		tc := tc
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			res := rec.Result()

			if res.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", res.StatusCode, tc.status)
			}
			if got := rec.Body.String(); got != tc.body {
				t.Errorf("body = %q, want %q", got, tc.body)
			}
			if got := res.Header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type = %q, want text/plain; charset=utf-8", got)
			}
			allow, present := res.Header["Allow"]
			switch {
			case tc.allow == "" && present:
				t.Errorf("Allow = %q, want no Allow header", allow)
			case tc.allow != "" && res.Header.Get("Allow") != tc.allow:
				t.Errorf("Allow = %q, want %q", res.Header.Get("Allow"), tc.allow)
			}
		})
	}
}

// The smoke test compares the body of GET / byte for byte, so check it over
// a real connection too, Content-Length included.
func TestHelloOverHTTP(t *testing.T) {
	srv := httptest.NewServer(newHandler())
	defer srv.Close()

	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := ioutil.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200", res.StatusCode)
	}
	if string(body) != "Hello World!" {
		t.Errorf("body = %q, want %q", body, "Hello World!")
	}
	if res.ContentLength != int64(len("Hello World!")) {
		t.Errorf("Content-Length = %d, want %d", res.ContentLength, len("Hello World!"))
	}
}
