package main

import (
	"net/http"
	"strings"
)

// Response bodies. They carry no trailing newline: the smoke test compares
// the body of GET / byte for byte with "Hello World!".
const (
	bodyHello  = "Hello World!"
	bodyAll    = "All Notes!"
	bodyCreate = "Create Note!"
	bodyUpdate = "Update Note!"
	bodyDelete = "Delete Note!"
	bodyFind   = "Find Note!"
)

// methodTable maps an HTTP method to the fixed body it answers with.
type methodTable map[string]string

// route is what one known path answers. allow lists its methods in a fixed
// order for the Allow header of a 405 response (a map has no stable order).
type route struct {
	allow   string
	methods methodTable
}

var (
	rootRoute = route{
		allow:   "GET",
		methods: methodTable{http.MethodGet: bodyHello},
	}
	notesRoute = route{
		allow: "GET, POST, PUT, DELETE",
		methods: methodTable{
			http.MethodGet:    bodyAll,
			http.MethodPost:   bodyCreate,
			http.MethodPut:    bodyUpdate,
			http.MethodDelete: bodyDelete,
		},
	}
	noteRoute = route{
		allow:   "GET",
		methods: methodTable{http.MethodGet: bodyFind},
	}
)

// router is a hand-written dispatcher. The method-aware patterns of
// http.ServeMux ("GET /notes/{id}") only exist since Go 1.22, and this code
// must build with Go 1.10, so matching is done here by hand.
type router struct{}

// newHandler returns the HTTP handler of the API.
func newHandler() http.Handler {
	return router{}
}

func (router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, ok := match(r.URL.Path)
	if !ok {
		writeText(w, http.StatusNotFound, http.StatusText(http.StatusNotFound))
		return
	}
	body, ok := rt.methods[r.Method]
	if !ok {
		w.Header().Set("Allow", rt.allow)
		writeText(w, http.StatusMethodNotAllowed, http.StatusText(http.StatusMethodNotAllowed))
		return
	}
	writeText(w, http.StatusOK, body)
}

// match finds the route of a path:
//
//	/             root
//	/notes        notes collection
//	/notes/{id}   one note; id is exactly one non-empty path segment
//
// Anything else (including "/notes/", "/notes/a/b" and "/notes//") is
// unknown.
func match(path string) (route, bool) {
	switch path {
	case "/":
		return rootRoute, true
	case "/notes":
		return notesRoute, true
	}
	const prefix = "/notes/"
	if strings.HasPrefix(path, prefix) {
		id := path[len(prefix):]
		if id != "" && !strings.Contains(id, "/") {
			return noteRoute, true
		}
	}
	return route{}, false
}

// writeText answers with a plain-text body and no trailing newline.
func writeText(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	// A failed write means the client went away; there is nobody left to
	// tell, so the error is deliberately ignored.
	_, _ = w.Write([]byte(body))
}
