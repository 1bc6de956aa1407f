package policies

// AreaTree maps each area code to its parent's code ("" for the province).
type AreaTree map[string]string

// Within reports whether area is ancestor or lies below it in the tree.
func (t AreaTree) Within(area, ancestor string) bool {
	for i := 0; i < 32 && area != ""; i++ {
		if area == ancestor {
			return true
		}
		area = t[area]
	}
	return false
}
