-- The province's Project 06 pilot models: the catalogue (editable by the
-- admin, every change kept), their indicators (live ones are computed by the
-- tenant kinds into figure_days; reported ones are entered each month by the
-- responsible agency), yearly targets for the province and its communes,
-- which communes run which model, and frozen monthly report snapshots.
-- No personal data in any of these tables.

-- +goose Up
CREATE TABLE pilot_models (
  no          int PRIMARY KEY CHECK (no BETWEEN 1 AND 999),
  scope       text NOT NULL CHECK (scope IN ('national', 'provincial')),
  grp         text NOT NULL CHECK (grp ~ '^[a-z_]{1,40}$'),
  name_vi     text NOT NULL CHECK (name_vi <> '' AND length(name_vi) <= 300),
  name_en     text NOT NULL CHECK (name_en <> '' AND length(name_en) <= 300),
  lead_agency text NOT NULL DEFAULT '' CHECK (length(lead_agency) <= 200),
  status      text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'piloting', 'deployed')),
  planned_on  date,
  piloting_on date,
  deployed_on date,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  fed_by      text NOT NULL DEFAULT '' CHECK (fed_by ~ '^[a-z_]{0,40}$'),
  updated_by  bigint REFERENCES users (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Every change of the catalogue: who, when, which field, old and new value.
CREATE TABLE pilot_model_changes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_no   int NOT NULL REFERENCES pilot_models (no),
  field      text NOT NULL CHECK (field ~ '^[a-z_]{1,40}$'),
  old_value  text NOT NULL DEFAULT '',
  new_value  text NOT NULL DEFAULT '',
  changed_by bigint REFERENCES users (id),
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pilot_model_changes_model ON pilot_model_changes (model_no, id DESC);

-- Indicators of the models. Live ones are declared by the tenant kinds in
-- code (kind.FigureSource) and may be described here too; reported ones are
-- declared here and entered each month.
CREATE TABLE indicators (
  code             text PRIMARY KEY CHECK (code ~ '^[a-z0-9_.]{1,64}$'),
  model_no         int NOT NULL REFERENCES pilot_models (no),
  name_vi          text NOT NULL CHECK (name_vi <> '' AND length(name_vi) <= 300),
  name_en          text NOT NULL CHECK (name_en <> '' AND length(name_en) <= 300),
  unit             text NOT NULL CHECK (unit IN ('count', 'percent', 'vnd')),
  higher_is_better boolean NOT NULL DEFAULT true,
  source           text NOT NULL DEFAULT 'reported' CHECK (source IN ('live', 'reported')),
  agency           text NOT NULL DEFAULT '' CHECK (length(agency) <= 200),
  position         int NOT NULL DEFAULT 0
);
CREATE INDEX indicators_model ON indicators (model_no, position);

-- A target per indicator and year, for the province (its own area) or for
-- one commune, ward or special zone.
CREATE TABLE indicator_targets (
  indicator text NOT NULL CHECK (indicator ~ '^[a-z0-9_.]{1,64}$'),
  year      int NOT NULL CHECK (year BETWEEN 2020 AND 2100),
  area_id   bigint NOT NULL REFERENCES areas (id),
  target    numeric NOT NULL CHECK (target >= 0),
  set_by    bigint REFERENCES users (id),
  set_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator, year, area_id)
);

-- A reported indicator's value of a month, entered by the responsible
-- agency. A correction marks the old row replaced and adds a new one, so
-- the old value and who entered it stay.
CREATE TABLE reported_values (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator   text NOT NULL REFERENCES indicators (code),
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  area_id     bigint NOT NULL REFERENCES areas (id),
  value       numeric NOT NULL CHECK (value >= 0 AND value < 1e15),
  note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  entered_by  bigint REFERENCES users (id),
  entered_at  timestamptz NOT NULL DEFAULT now(),
  replaced_at timestamptz,
  replaced_by bigint REFERENCES reported_values (id)
);
CREATE UNIQUE INDEX reported_values_current ON reported_values (indicator, month, area_id) WHERE replaced_at IS NULL;
CREATE INDEX reported_values_month ON reported_values (month, indicator);

-- Which commune runs which model, and since when.
CREATE TABLE model_deployments (
  model_no int NOT NULL REFERENCES pilot_models (no),
  area_id  bigint NOT NULL REFERENCES areas (id),
  status   text NOT NULL CHECK (status IN ('piloting', 'deployed')),
  since    date NOT NULL,
  PRIMARY KEY (model_no, area_id)
);

-- The monthly report as it was when the month closed: written once, never
-- changed, so a report sent upward reads the same years later.
CREATE TABLE report_snapshots (
  month    date PRIMARY KEY CHECK (extract(day FROM month) = 1),
  taken_at timestamptz NOT NULL DEFAULT now(),
  data     jsonb NOT NULL
);
-- +goose StatementBegin
CREATE FUNCTION report_snapshots_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report snapshots are frozen';
END $$;
-- +goose StatementEnd
CREATE TRIGGER report_snapshots_frozen BEFORE UPDATE OR DELETE ON report_snapshots
  FOR EACH ROW EXECUTE FUNCTION report_snapshots_frozen();

-- The province's pages read figure_days by day across areas.
CREATE INDEX figure_days_area_day ON figure_days (area_id, indicator, day) INCLUDE (num, den);

GRANT SELECT ON pilot_models, pilot_model_changes, indicators, indicator_targets, reported_values,
  model_deployments, report_snapshots TO portal06_app;
GRANT INSERT, UPDATE ON pilot_models, indicator_targets, reported_values, model_deployments TO portal06_app;
GRANT INSERT ON pilot_model_changes, report_snapshots TO portal06_app;
GRANT DELETE ON indicator_targets TO portal06_app;

-- The 45 models as first shipped (app/province/models.csv); the admin edits them.
INSERT INTO pilot_models (no, scope, grp, name_vi, name_en, fed_by) VALUES
  (1, 'national', 'public_services', 'Điểm dịch vụ công tại chung cư', 'Public-service points at apartment blocks', ''),
  (2, 'national', 'public_services', 'Cung cấp tối thiểu 20 dịch vụ công không dùng giấy', 'At least 20 paperless public services', ''),
  (3, 'national', 'public_services', 'Lưu trữ hồ sơ điện tử', 'Electronic document storage', ''),
  (4, 'national', 'public_services', 'Dịch vụ công trên ứng dụng VNeID', 'Public services on the VNeID app', ''),
  (5, 'national', 'public_services', 'Ki-ốt dịch vụ công tự phục vụ', 'Self-service public-service kiosks', ''),
  (6, 'national', 'health', 'Khám chữa bệnh bằng thẻ căn cước và VNeID', 'Medical care with the chip ID card and VNeID', ''),
  (7, 'national', 'health', 'Ki-ốt sinh trắc học tại bệnh viện', 'Biometric kiosks at hospitals', ''),
  (8, 'national', 'identity', 'Xác thực danh tính trong công chứng và chứng thực', 'Identity checks at notaries and certification', 'notary'),
  (9, 'national', 'accommodation', 'Quản lý lưu trú tại nhà nghỉ và khách sạn', 'Accommodation management at guesthouses and hotels', 'accommodation'),
  (10, 'national', 'accommodation', 'Quản lý nhà ở cho thuê và nhà trọ khu công nghiệp', 'Rental housing and industrial-zone boarding houses', 'apartment'),
  (11, 'national', 'accommodation', 'Quản lý lưu trú tại cơ sở y tế', 'Accommodation at medical facilities', ''),
  (12, 'national', 'transport', 'Quản lý hành khách vận tải đường dài', 'Passengers of long-distance coaches', 'accommodation'),
  (13, 'national', 'security', 'Camera AI kiểm soát ra vào tại khu du lịch', 'AI-camera access control at tourist sites', ''),
  (14, 'national', 'security', 'Camera AI kiểm soát ra vào tại khu công nghiệp', 'AI-camera access control at industrial zones', ''),
  (15, 'national', 'security', 'Camera AI kiểm soát ra vào tại nhà ga và bến xe', 'AI-camera access control at stations', ''),
  (16, 'national', 'security', 'Quản lý ngành nghề kinh doanh có điều kiện về an ninh trật tự', 'Businesses under security-and-order conditions', ''),
  (17, 'national', 'education', 'Giám sát thi và sát hạch lái xe', 'Supervision of exams and driving tests', ''),
  (18, 'national', 'transport', 'Xử lý vi phạm hành chính giao thông', 'Traffic fines', ''),
  (19, 'national', 'payments', 'Vé không dùng tiền mặt bằng thẻ căn cước', 'Cashless tickets with the chip ID card', ''),
  (20, 'national', 'payments', 'Cho vay tín chấp qua xác thực điện tử', 'Unsecured loans through electronic authentication', ''),
  (21, 'national', 'education', 'Xác thực thí sinh thi trực tuyến', 'Authentication of online exam candidates', ''),
  (22, 'national', 'digital_citizen', 'Công dân số', 'Digital citizens', ''),
  (23, 'national', 'education', 'Quản lý trường học và đăng nhập bằng VNeID', 'School management with VNeID sign-in', ''),
  (24, 'national', 'tourism', 'Quảng bá du lịch và đặc sản địa phương', 'Tourism and local specialties', ''),
  (25, 'national', 'payments', 'Trông giữ xe không dùng tiền mặt', 'Cashless parking', ''),
  (26, 'national', 'platform', 'Đăng nhập một lần (SSO)', 'Single sign-on', ''),
  (27, 'national', 'platform', 'Nền tảng tích hợp và chia sẻ dữ liệu cấp tỉnh (LGSP)', 'Provincial data-sharing platform (LGSP)', ''),
  (28, 'national', 'platform', 'Hệ thống thông tin nội bộ', 'Internal information system', ''),
  (29, 'national', 'education', 'Đào tạo trực tuyến mở (MOOC)', 'Open online courses (MOOC)', ''),
  (30, 'national', 'security', 'Tiếp nhận tố giác tội phạm qua VNeID', 'Crime reports through VNeID', 'tips'),
  (31, 'national', 'public_services', 'Trợ giúp pháp lý', 'Legal aid', ''),
  (32, 'national', 'public_services', 'Cấp phiếu lý lịch tư pháp', 'Criminal-record certificates', ''),
  (33, 'national', 'health', 'Sổ sức khỏe điện tử và sổ lao động', 'Electronic health and labour books', ''),
  (34, 'national', 'data', 'Dữ liệu đất đai và chủ sở hữu nhà ở', 'Land and homeowner data', ''),
  (35, 'national', 'data', 'Số hóa hồ sơ và kết quả thủ tục hành chính', 'Digitising records and results of procedures', ''),
  (36, 'national', 'social', 'An sinh xã hội', 'Social welfare', ''),
  (37, 'national', 'analytics', 'Phân tích dữ liệu dân cư', 'Population data analysis', ''),
  (38, 'national', 'analytics', 'Phân tích dữ liệu lao động', 'Labour data analysis', ''),
  (39, 'national', 'analytics', 'Phân tích dữ liệu du lịch từ dữ liệu lưu trú', 'Tourism analysis from accommodation data', 'accommodation'),
  (40, 'national', 'analytics', 'Phân tích dữ liệu an ninh trật tự', 'Public-order data analysis', ''),
  (41, 'national', 'data', 'Cuộc thi ứng dụng dữ liệu dân cư', 'Population-data application contest', ''),
  (42, 'national', 'security', 'Trung tâm giám sát an toàn thông tin (SOC) cấp tỉnh', 'Provincial security operations centre (SOC)', ''),
  (43, 'national', 'security', 'Đào tạo kỹ năng an ninh mạng', 'Cybersecurity training', ''),
  (44, 'provincial', 'payments', 'Chợ 4.0 (thanh toán không dùng tiền mặt tại chợ)', 'Market 4.0 (cashless payment at markets)', 'market'),
  (45, 'provincial', 'accommodation', 'Quản lý số tại chung cư và nhà trọ', 'Digital management at apartment blocks and boarding houses', 'apartment');

-- Reported indicators of models the portal does not run, entered monthly.
INSERT INTO indicators (code, model_no, name_vi, name_en, unit, higher_is_better, agency, position) VALUES
  ('rep.dvc_online_share', 2, 'Tỷ lệ hồ sơ dịch vụ công nộp trực tuyến', 'Share of public-service files filed online', 'percent', true, 'Trung tâm Phục vụ hành chính công tỉnh', 1),
  ('rep.e_records', 3, 'Hồ sơ được số hóa, lưu trữ điện tử', 'Files digitised and stored electronically', 'count', true, 'Sở Nội vụ', 1),
  ('rep.vneid_services', 4, 'Hồ sơ dịch vụ công nộp qua VNeID', 'Public-service files filed through VNeID', 'count', true, 'Công an tỉnh (PC06)', 1),
  ('rep.kiosks', 5, 'Ki-ốt dịch vụ công tự phục vụ đang hoạt động', 'Self-service kiosks in operation', 'count', true, 'Trung tâm Phục vụ hành chính công tỉnh', 1),
  ('rep.chip_visits', 6, 'Lượt khám chữa bệnh bằng thẻ căn cước', 'Medical visits with the chip ID card', 'count', true, 'Sở Y tế', 1),
  ('rep.hospital_kiosks', 7, 'Ki-ốt sinh trắc học tại bệnh viện', 'Biometric kiosks at hospitals', 'count', true, 'Sở Y tế', 1),
  ('rep.traffic_fines_online', 18, 'Tỷ lệ xử phạt giao thông nộp phạt trực tuyến', 'Share of traffic fines paid online', 'percent', true, 'Công an tỉnh (PC08)', 1),
  ('rep.cashless_tickets', 19, 'Lượt vé không dùng tiền mặt', 'Cashless tickets sold', 'count', true, 'Sở Xây dựng', 1),
  ('rep.vneid_level2', 22, 'Tài khoản định danh điện tử mức 2 được kích hoạt', 'Level-2 VNeID accounts activated', 'count', true, 'Công an tỉnh (PC06)', 1),
  ('rep.school_vneid', 23, 'Trường học đăng nhập bằng VNeID', 'Schools with VNeID sign-in', 'count', true, 'Sở Giáo dục và Đào tạo', 1),
  ('rep.social_cashless', 36, 'Tỷ lệ chi trả an sinh xã hội không dùng tiền mặt', 'Share of welfare paid cashless', 'percent', true, 'Sở Nội vụ', 1),
  ('rep.parking_cashless', 25, 'Điểm trông giữ xe không dùng tiền mặt', 'Cashless parking points', 'count', true, 'UBND các xã, phường', 1),
  ('rep.legal_record_online', 32, 'Phiếu lý lịch tư pháp cấp trực tuyến', 'Criminal-record certificates issued online', 'count', true, 'Sở Tư pháp', 1),
  ('rep.soc_incidents', 42, 'Sự cố an toàn thông tin chưa xử lý', 'Unresolved information-security incidents', 'count', false, 'Sở Khoa học và Công nghệ', 1);

-- +goose Down
DROP INDEX figure_days_area_day;
DROP TABLE report_snapshots, model_deployments, reported_values, indicator_targets, indicators, pilot_model_changes, pilot_models;
DROP FUNCTION report_snapshots_frozen;
