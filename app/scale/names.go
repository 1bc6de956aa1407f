package scale

// The names, places and codes the generated guests and sites are drawn from.
var (
	families    = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleM     = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân"}
	middleF     = []string{"Thị", "Ngọc", "Thu", "Thanh", "Mai", "Hồng", "Kim", "Phương"}
	givens      = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"}
	foreign     = []string{"CHN", "KOR", "USA", "FRA", "DEU", "JPN", "AUS", "GBR", "RUS", "THA"}
	latinGiven  = []string{"JOHN", "MARIE", "WEI", "MIN JUN", "ANNA", "PETER", "YUKI", "OLIVIA", "IVAN", "SOMCHAI"}
	latinFamily = []string{"SMITH", "MARTIN", "WANG", "KIM", "MULLER", "TANAKA", "BROWN", "IVANOV", "DUBOIS", "CHAIYA"}
	// CCCD province codes: Quảng Ninh (022) most often, then others
	provinces = []int{22, 22, 22, 22, 1, 31, 79, 30, 33, 36, 38, 48, 24, 26}
	towns     = []string{"Phường Bãi Cháy, Quảng Ninh", "Phường Hồng Gai, Quảng Ninh", "Phường Cẩm Phả, Quảng Ninh", "Phường Mạo Khê, Quảng Ninh",
		"Phường Móng Cái 1, Quảng Ninh", "Quận Hoàn Kiếm, Hà Nội", "Quận Lê Chân, Hải Phòng", "Quận 1, Thành phố Hồ Chí Minh"}
	siteNames = []string{"Khách sạn", "Nhà nghỉ", "Homestay", "Khách sạn", "Nhà nghỉ"}
	streets   = []string{"Hạ Long", "Trần Quốc Nghiễn", "Lê Thánh Tông", "Cái Dăm", "Vườn Đào", "Nguyễn Văn Cừ", "Hoàng Quốc Việt"}
	sources   = []string{"qr", "qr", "qr", "api", "api", "mrz", "manual"}
)
