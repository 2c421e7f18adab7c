//go:build !(js && wasm)

package model

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"
	"strings"
)

// EncodeState compresses a state into URL-fragment-safe text: its Text,
// raw-deflated, base64url without padding — the share link's "#s=" value.
// The page does the same in the browser (explorer.js); this is for tests
// and tools, and left out of the page's module.
func EncodeState(s State) string {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	io.WriteString(w, s.Text())
	w.Close()
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// DecodeState reverses EncodeState.
func DecodeState(text string) (State, error) {
	z, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		return State{}, err
	}
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), 4<<20))
	if err != nil {
		return State{}, err
	}
	return ParseState(string(raw))
}
