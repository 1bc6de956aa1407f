package iddoc

import "testing"

func BenchmarkParseCCCD(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseCCCD(sample+"\r\n", now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMRZ(b *testing.B) {
	raw := td3a + "\n" + "L898902C36SWE7408122F1204159ZE184226B<<<<<10"
	for i := 0; i < b.N; i++ {
		if _, err := ParseMRZ(raw, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fold("Nguyễn Thị Bích Ngọc")
	}
}
