package tips_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"testing"
)

// gpsJPEG is a phone photo: a JPEG with an EXIF segment holding a location.
func gpsJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	img.Set(3, 3, color.RGBA{10, 200, 10, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := []byte("Exif\x00\x00MM\x00*GPSLatitude 20.9517N GPSLongitude 107.0480E")
	seg := append([]byte{0xFF, 0xE1, 0, byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

// TestPhotoLocationIsRemovedUnlessKept: the stored photo loses its EXIF
// location unless the reporter ticks "keep the location"; a fourth photo
// is refused, naming the field, and nothing is saved.
func TestPhotoLocationIsRemovedUnlessKept(t *testing.T) {
	e := newEnv(t)
	photo := gpsJPEG(t)
	c := e.client()
	if _, res := c.sendTip(tipForm("Ảnh không giữ vị trí"), file{"a.jpg", photo}); res.Status != http.StatusOK {
		t.Fatalf("send: %d", res.Status)
	}
	keep := tipForm("Ảnh giữ vị trí")
	keep.Set("keep_location", "on")
	if _, res := c.sendTip(keep, file{"b.jpg", photo}); res.Status != http.StatusOK {
		t.Fatalf("send: %d", res.Status)
	}
	var rows []struct {
		Description string
		Original    bool
		Data        []byte
	}
	e.asOwner(func(tx *gormDB) error {
		return tx.Raw(`SELECT t.description, p.original, p.data FROM tip_photos p JOIN tips t ON t.id = p.tip_id ORDER BY t.id`).Scan(&rows).Error
	})
	if len(rows) != 2 {
		t.Fatalf("%d photos stored", len(rows))
	}
	if rows[0].Original || bytes.Contains(rows[0].Data, []byte("GPS")) {
		t.Fatal("the photo kept its location though the reporter did not ask")
	}
	if !rows[1].Original || !bytes.Equal(rows[1].Data, photo) {
		t.Fatal("the photo lost its location though the reporter kept it")
	}
	four := []file{{"1.jpg", photo}, {"2.jpg", photo}, {"3.jpg", photo}, {"4.jpg", photo}}
	_, res := c.sendTip(tipForm("Bốn ảnh"), four...)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	mustContain(t, res, "Ảnh (tối đa 3): tối đa 3 ảnh.")
	if n := e.int(`SELECT count(*) FROM tips`); n != 2 {
		t.Fatalf("%d tips after a refused one", n)
	}
}
