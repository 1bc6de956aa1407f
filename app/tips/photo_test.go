package tips

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

func sample() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	return img
}

// withEXIF returns a JPEG carrying an APP1 EXIF segment with a GPS marker,
// as a phone writes it.
func withEXIF(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, sample(), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := append([]byte("Exif\x00\x00MM\x00*GPSLatitude 20.9517N GPSLongitude 107.0480E"), make([]byte, 16)...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func TestPhotoLosesItsLocationUnlessKept(t *testing.T) {
	orig := withEXIF(t)
	if !bytes.Contains(orig, []byte("GPSLatitude")) {
		t.Fatal("the sample lacks its location")
	}
	p, err := ProcessPhoto(orig, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.ContentType != "image/jpeg" || p.Original || bytes.Contains(p.Data, []byte("Exif")) || bytes.Contains(p.Data, []byte("GPS")) {
		t.Fatalf("re-encoded photo keeps metadata or type %s", p.ContentType)
	}
	if _, err := jpeg.Decode(bytes.NewReader(p.Data)); err != nil {
		t.Fatalf("re-encoded photo does not decode: %v", err)
	}
	kept, err := ProcessPhoto(orig, true)
	if err != nil || !kept.Original || !bytes.Equal(kept.Data, orig) {
		t.Fatalf("kept photo changed: %v", err)
	}
}

func TestPhotoChecks(t *testing.T) {
	var pngBuf, gifBuf bytes.Buffer
	png.Encode(&pngBuf, sample())
	gif.Encode(&gifBuf, sample(), nil)
	jpg := withEXIF(t)
	big := append(append([]byte{}, jpg...), make([]byte, MaxPhotoBytes)...)
	cases := []struct {
		name string
		data []byte
		want error
		ct   string
	}{
		{"png", pngBuf.Bytes(), nil, "image/png"},
		{"jpeg", jpg, nil, "image/jpeg"},
		{"gif", gifBuf.Bytes(), ErrPhotoType, ""},
		{"text", []byte("<html>not a photo</html>"), ErrPhotoType, ""},
		{"pdf", []byte("%PDF-1.4\n"), ErrPhotoType, ""},
		{"truncated jpeg", jpg[:len(jpg)/2], ErrPhotoBroken, ""},
		{"broken webp", []byte("RIFF\x20\x00\x00\x00WEBPVP8 \x10\x00\x00\x00garbage-garbage!"), ErrPhotoBroken, ""},
		{"over 5 MB", big, ErrPhotoTooBig, ""},
		{"empty", nil, ErrPhotoType, ""},
	}
	for _, c := range cases {
		p, err := ProcessPhoto(c.data, false)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if err == nil && p.ContentType != c.ct {
			t.Errorf("%s: stored as %s", c.name, p.ContentType)
		}
	}
}

// FuzzProcessPhoto: no input panics; whatever passes decodes again.
func FuzzProcessPhoto(f *testing.F) {
	var buf bytes.Buffer
	png.Encode(&buf, sample())
	f.Add(buf.Bytes())
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8L"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ProcessPhoto(data, false)
		if err != nil {
			return
		}
		if _, _, err := image.Decode(bytes.NewReader(p.Data)); err != nil {
			t.Fatalf("stored photo does not decode: %v", err)
		}
	})
}
