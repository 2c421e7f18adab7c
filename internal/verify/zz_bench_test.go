package verify

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestZZCleanPathTiming(t *testing.T) {
	obj := goodObject(t)
	dir := t.TempDir()
	var files []string
	for i := 0; i < 1428; i++ {
		files = append(files, writeFile(t, dir, fmt.Sprintf("g%d.o", i), obj))
	}
	start := time.Now()
	fs := Filter(All(context.Background(), files, Options{}), Warning)
	t.Logf("1428 clean objects: %v, %d findings", time.Since(start), len(fs))
}
