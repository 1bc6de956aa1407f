package scale

import (
	"encoding/binary"
	"fmt"
	"time"
)

// copyBuf is a table's rows in COPY's binary format, written directly:
// each value as PostgreSQL's receive function reads it, without the
// boxing and the per-value encode plans of pgx.CopyFrom.
type copyBuf struct{ b []byte }

// pgEpoch is PostgreSQL's epoch for dates and timestamps.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// reset empties the buffer and writes COPY's header.
func (c *copyBuf) reset() {
	c.b = append(c.b[:0], "PGCOPY\n\xff\r\n\x00"...)
	c.b = binary.BigEndian.AppendUint32(c.b, 0) // flags
	c.b = binary.BigEndian.AppendUint32(c.b, 0) // header extension
}

// end writes COPY's trailer.
func (c *copyBuf) end() { c.b = binary.BigEndian.AppendUint16(c.b, 0xffff) }

// row starts a row of n fields.
func (c *copyBuf) row(n int) { c.b = binary.BigEndian.AppendUint16(c.b, uint16(n)) }

func (c *copyBuf) int8(v int64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
}

func (c *copyBuf) int4(v int32) {
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(v))
}

func (c *copyBuf) text(s string) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
}

// null is a field with no value.
func (c *copyBuf) null() { c.b = binary.BigEndian.AppendUint32(c.b, 0xffffffff) }

// jsonb is a JSON document: jsonb's version 1, then the text.
func (c *copyBuf) jsonb(doc []byte) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(doc)+1))
	c.b = append(c.b, 1)
	c.b = append(c.b, doc...)
}

func (c *copyBuf) uuid(u [16]byte) {
	c.b = binary.BigEndian.AppendUint32(c.b, 16)
	c.b = append(c.b, u[:]...)
}

// timestamptz: microseconds since 2000-01-01 UTC (truncated, as pgx does).
func (c *copyBuf) timestamptz(t time.Time) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(t.UnixMicro()-pgEpoch.UnixMicro()))
}

// date: t's calendar day (in t's location, as pgx takes it), as days since
// 2000-01-01.
func (c *copyBuf) date(t time.Time) {
	y, m, d := t.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(pgEpoch) / (24 * time.Hour)
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32(days)))
}

// numeric writes a whole number 0 ≤ v < 10,000 (one base-10,000 digit);
// the loader's parts are 0 or 1.
func (c *copyBuf) numeric(v int) {
	if v < 0 || v >= 10_000 {
		panic(fmt.Sprintf("scale: numeric %d out of the range copyBuf writes", v))
	}
	if v == 0 {
		c.b = binary.BigEndian.AppendUint32(c.b, 8)
		c.b = append(c.b, 0, 0, 0, 0, 0, 0, 0, 0) // no digits, weight 0, positive, scale 0
		return
	}
	c.b = binary.BigEndian.AppendUint32(c.b, 10)
	c.b = append(c.b, 0, 1, 0, 0, 0, 0, 0, 0) // one digit, weight 0, positive, scale 0
	c.b = binary.BigEndian.AppendUint16(c.b, uint16(v))
}

// person writes a guest's document and identity, in the order stays and
// identity_records both list them: document type and number, full name,
// its folded form, birth date, sex.
func (c *copyBuf) person(g *guest) {
	c.text(g.docType)
	c.text(g.number)
	c.text(g.name)
	c.text(g.fold)
	c.date(g.birth)
	c.text(g.sex)
}
