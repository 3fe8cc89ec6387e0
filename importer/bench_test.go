package importer_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"attract"
	"attract/importer"
	"attract/sqlstore"
)

// BenchmarkImportProjects imports a generated projects CSV of
// $ATTRACT_BENCH_ROWS rows (1,000,000 by default) into a fresh database
// (SQLite, or PostgreSQL with ATTRACT_BENCH_DIALECT=postgres), in one
// transaction, and reports rows per second and the peak heap. The file is
// written and read as a stream; memory stays flat whatever its size.
//
//	ATTRACT_BENCH_ROWS=1000000 go test ./importer -run '^$' -bench ImportProjects -benchtime 1x -timeout 2h
func BenchmarkImportProjects(b *testing.B) {
	rows := 1_000_000
	if s := os.Getenv("ATTRACT_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		rows = n
	}
	path := filepath.Join(b.TempDir(), "projects.csv")
	writeBenchCSV(b, path, rows)
	dialect := os.Getenv("ATTRACT_BENCH_DIALECT")
	if dialect == "" {
		dialect = "sqlite"
	}
	m := &attract.MappingFields{Name: "bench", Kind: attract.ImportProjects, Columns: []attract.MappingColumn{
		{Column: "外部编号", Field: "external_id"}, {Column: "项目名称", Field: "name"}, {Column: "投资方", Field: "investor"},
		{Column: "来源地", Field: "source_economy"}, {Column: "总投资(万元)", Field: "total_investment", Unit: "万元"},
		{Column: "签约日期", Field: "contract_actual"}, {Column: "行业", Field: "sector"}, {Column: "备注", Field: "notes"},
	}}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		db := sqlstore.MustOpenTestDB(b, dialect)
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go sampleHeap(&peak, stop, done)
		b.StartTimer()
		start := time.Now()
		rep := importFile(b, db, path, m, importer.Options{Mode: importer.GoodRowsOnly})
		elapsed := time.Since(start)
		b.StopTimer()
		close(stop)
		<-done
		if rep.Created != rows || rep.Rejected != 0 {
			b.Fatalf("created %d, rejected %d of %d", rep.Created, rep.Rejected, rows)
		}
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB")
		b.StartTimer()
	}
}

// sampleHeap records the largest heap in use until stop closes.
func sampleHeap(peak *atomic.Uint64, stop, done chan struct{}) {
	defer close(done)
	var ms runtime.MemStats
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// writeBenchCSV writes rows projects as an agency's spreadsheet has them,
// streamed: a thousand investors, amounts in 万元, Chinese dates.
func writeBenchCSV(b *testing.B, path string, rows int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "外部编号,项目名称,投资方,来源地,总投资(万元),签约日期,行业,备注")
	economies := []string{"香港", "德国", "Singapore", "Japan", "中国台湾"}
	for i := range rows {
		fmt.Fprintf(w, "B-%d,第%d号智能制造项目,投资方%d有限公司,%s,\"%d,%03d\",%d年%d月%d日,2910,第 %d 行\n",
			i, i, i%1000, economies[i%len(economies)], 1+i%90, i%1000, 2015+i%10, 1+i%12, 1+i%28, i+2)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
