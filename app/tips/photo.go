package tips

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	_ "golang.org/x/image/webp" // registers the WebP decoder
)

// Errors of a photo; each has a message of its own.
var (
	ErrPhotoTooBig = errors.New("tips: photo larger than 5 MB")
	ErrPhotoType   = errors.New("tips: photo is not JPEG, PNG or WebP")
	ErrPhotoBroken = errors.New("tips: photo cannot be read")
)

// maxPixels bounds the decoded size of a photo (a small file can claim a huge image).
const maxPixels = 50_000_000

// Photo is a photo as stored.
type Photo struct {
	ContentType string
	Data        []byte
	Original    bool // the reporter kept the original bytes, location included
}

// ProcessPhoto checks a photo by its content (JPEG, PNG or WebP, at most 5
// MB, decodable) and re-encodes it, which drops every metadata block (EXIF
// with its GPS location among them). keep keeps the original bytes instead.
// WebP is re-encoded as JPEG.
func ProcessPhoto(data []byte, keep bool) (Photo, error) {
	if len(data) > MaxPhotoBytes {
		return Photo{}, ErrPhotoTooBig
	}
	ct := http.DetectContentType(data)
	switch ct {
	case "image/jpeg", "image/png", "image/webp":
	default:
		return Photo{}, ErrPhotoType
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != ct {
		return Photo{}, ErrPhotoBroken
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return Photo{}, ErrPhotoBroken
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Photo{}, ErrPhotoBroken
	}
	if keep {
		return Photo{ContentType: ct, Data: data, Original: true}, nil
	}
	var out bytes.Buffer
	if ct == "image/png" {
		err = png.Encode(&out, img)
	} else {
		ct = "image/jpeg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	}
	if err != nil || out.Len() > MaxPhotoBytes {
		return Photo{}, ErrPhotoTooBig
	}
	return Photo{ContentType: ct, Data: out.Bytes()}, nil
}
