package spreadsheet_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/tsumiki-dev/tsumiki/examples/spreadsheet"
)

// Write a workbook into memory (an S3 upload takes the same io.Reader) and read it back.
func Example() {
	todos := []spreadsheet.Todo{
		{Title: "Buy milk", Due: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)},
		{Title: "File taxes", Due: time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC), Done: true},
	}
	var buf bytes.Buffer
	if err := spreadsheet.Write(&buf, todos); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("zip (xlsx) signature:", bytes.HasPrefix(buf.Bytes(), []byte("PK")))

	got, err := spreadsheet.Read(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range got {
		fmt.Printf("%s | %s | done=%t\n", t.Title, t.Due.Format(time.DateOnly), t.Done)
	}
	// Output:
	// zip (xlsx) signature: true
	// Buy milk | 2026-12-04 | done=false
	// File taxes | 2027-03-15 | done=true
}

// Anything but a workbook fails with the reason, not with zero values.
func ExampleRead_notAWorkbook() {
	_, err := spreadsheet.Read(bytes.NewReader([]byte("title,due,done\n")))
	fmt.Println(err)
	// Output: open workbook: zip: not a valid zip file
}
