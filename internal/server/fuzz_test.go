package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/export"
)

// FuzzExport sends fuzzed query strings and bodies through the HTTP handler.
// Every answer must be a 200 with the CLI's bytes or a 4xx with a JSON
// message; never a 5xx or a panic.
//
//	go test -run=^$ -fuzz=FuzzExport -fuzztime=2m ./internal/server
func FuzzExport(f *testing.F) {
	f.Add("name=pair.zig", []byte(source))
	f.Add("format=64&target=aarch64&lines=incremental", []byte(source))
	f.Add("kind=obj&profile=zig&target=s390x", []byte(source))
	for _, s := range corpus.WithSamples(8) {
		f.Add(query(s.Name, nil), s.Src)
	}
	for _, h := range hostileRequests(64 << 10) {
		if len(h.body) < 64<<10 {
			f.Add(h.query, []byte(h.body))
		}
	}
	h := New(Config{MaxBody: 64 << 10})
	f.Fuzz(func(t *testing.T, rawQuery string, body []byte) {
		r := httptest.NewRequest("POST", "/api/build", bytes.NewReader(body))
		r.URL.RawQuery = rawQuery
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("a %d-byte request took %v (status %d)", len(body), d, w.Code)
		}
		switch {
		case w.Code == http.StatusOK:
			q, _ := url.ParseQuery(rawQuery)
			opts := map[string]string{}
			for k := range q {
				if k != "name" {
					opts[k] = q.Get(k)
				}
			}
			name := q.Get("name")
			if name == "" {
				name = "main.zig"
			}
			want, err := cliBuild(t, name, body, opts)
			if err != nil || !bytes.Equal(w.Body.Bytes(), want) {
				t.Fatalf("200 with %d bytes, CLI: %d bytes, %v", w.Body.Len(), len(want), err)
			}
		case w.Code >= 400 && w.Code < 500:
			var f export.Failure
			if err := json.Unmarshal(w.Body.Bytes(), &f); err != nil || f.Msg == "" || f.Status != w.Code {
				t.Fatalf("%d with body %.200q", w.Code, w.Body.Bytes())
			}
			for _, e := range f.Errors {
				if e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("error without position: %+v", e)
				}
			}
		default:
			t.Fatalf("status %d: %.300s", w.Code, w.Body.Bytes())
		}
	})
}
