// Package spreadsheet writes and reads .xlsx files with github.com/xuri/excelize/v2, the
// maintained pure-Go library for Office Open XML spreadsheets: a header row, typed cells (text,
// dates, booleans) and a frozen header, written to any io.Writer and read back from any
// io.Reader, so an export can go to S3 without a temporary file.
package spreadsheet

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet is the name of the worksheet Write creates and Read reads.
const Sheet = "Todos"

// header is the first row; Read checks it so a file with other columns fails clearly.
var header = []any{"Title", "Due", "Done"}

// Todo is one row.
type Todo struct {
	// Title is the todo's text.
	Title string
	// Due is the due date (the day only, UTC).
	Due time.Time
	// Done says whether the todo is completed.
	Done bool
}

// Write writes todos as an .xlsx workbook with one sheet, Sheet, to w. It returns excelize's
// errors, wrapped.
func Write(w io.Writer, todos []Todo) (err error) {
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	if err := f.SetSheetRow(Sheet, "A1", &header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the built-in date format
	if err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	for i, t := range todos {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{t.Title, t.Due.UTC(), t.Done}
		if err := f.SetSheetRow(Sheet, cell, &row); err != nil {
			return fmt.Errorf("write row %d: %w", i+2, err)
		}
		due, _ := excelize.CoordinatesToCellName(2, i+2)
		if err := f.SetCellStyle(Sheet, due, due, dateStyle); err != nil {
			return fmt.Errorf("style row %d: %w", i+2, err)
		}
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// Read reads the todos Write wrote from r. It fails, naming the row, on a missing sheet, a
// header other than Title, Due, Done, or a cell that does not parse.
func Read(r io.Reader) (todos []Todo, err error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	// Raw values: dates as serial numbers, booleans as 0/1, whatever the cell's format.
	rows, err := f.GetRows(Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", Sheet, err)
	}
	if len(rows) == 0 || fmt.Sprint(rows[0]) != fmt.Sprint(header) {
		return nil, fmt.Errorf("sheet %s: header is not %v", Sheet, header)
	}
	for i, row := range rows[1:] {
		row = append(row, make([]string, len(header)-min(len(row), len(header)))...)
		serial, err := strconv.ParseFloat(row[1], 64)
		if err != nil {
			return nil, fmt.Errorf("row %d: due %q: %w", i+2, row[1], err)
		}
		due, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			return nil, fmt.Errorf("row %d: due %q: %w", i+2, row[1], err)
		}
		done, err := strconv.ParseBool(row[2])
		if err != nil {
			return nil, fmt.Errorf("row %d: done %q: %w", i+2, row[2], err)
		}
		todos = append(todos, Todo{Title: row[0], Due: due, Done: done})
	}
	return todos, nil
}
