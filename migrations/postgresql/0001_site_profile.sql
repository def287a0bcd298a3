-- The authority this installation serves: shown in every page header and footer, and required on
-- government sites (name, address, phone, e-mail). One row.
CREATE TABLE site_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    address_vi TEXT NOT NULL,
    address_en TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
