package main

import (
	"fmt"
	"sync"
)

// stormPhase runs check-ins at 4 clients alone, then again while 100
// sign-ins arrive at once (each its own session, then its board), and
// prints the three phases. It returns the check-ins alone and during the storm.
func stormPhase(base string, checkin func(int) error) (alone, during result) {
	alone = phase("check-in alone", 4, n(200), checkin)
	var storm result
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		storm = phaseQuiet(100, 100, func(int) error {
			c, err := login(base, "ks-letan")
			if err == nil {
				c.get("/")
			}
			return err
		})
	}()
	during = phase("check-in during 100 concurrent sign-ins", 4, n(200), checkin)
	wg.Wait()
	storm.print("sign-in storm (ks-letan, each its own session)", 100)
	return alone, during
}

// stormRatio prints the check-ins' rate during the storm over their rate alone.
func stormRatio(alone, during result) {
	fmt.Printf("check-in rate during the sign-in storm / alone (4 clients): %.2f\n", during.rate()/alone.rate())
}
