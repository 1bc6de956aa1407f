package stays

// BuildPayload is the payload a notification of the stay's current state
// carries, built in Go (corrections, check-outs and resends use it).
var BuildPayload = buildPayload
