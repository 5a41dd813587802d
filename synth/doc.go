// Package synth generates the realistic synthetic data that the demo, every
// test and every benchmark of pantau run on: service events, blanko (blank
// e-KTP card) deliveries, stock counts (stock opname) and complaints of
// Kabupaten Bekasi, telling the story of 2022–2023: steady printing, the
// blanko cut from October 2022, the growing print backlog and complaints, the
// recovery from the second half of January 2023 and the start of IKD
// (Identitas Kependudukan Digital) activations in 2023.
//
// Config.Regions or Config.RegionCodes adds other regions (regions.go): each
// region's volume follows its population relative to Kabupaten Bekasi's, all
// share the national blanko cut, each at its own depth and recovering at its
// own pace, with its own local incidents (Sitepak outages, pungli desks,
// officers with a reputation), its standard office set and its local time.
// With several regions each gets its own folder (OUT/<region_code>/).
//
// Everything is reproducible from Config.Seed: the same Config writes
// byte-identical files, and a region's files depend only on the seed and its
// code, never on the other regions generated with it. Kabupaten Bekasi alone
// writes the bytes it wrote before there were other regions. Rows are streamed to the writers (CSV, NDJSON,
// Parquet, XLSX, Arrow IPC), so memory stays bounded by the open backlog,
// not by the number of events written.
//
// With Config.Messy the same data is written the way real offices send it
// (semicolons, BOM, Windows-1252, Indonesian headers and enum values, mixed
// date forms, an .xlsx blanko ledger, re-sent rows) plus a small share of
// planted bad rows, each listed in manifest.csv.
//
// synth stands alone: it imports nothing from the rest of pantau except the
// leaf package reference (offices, kecamatan, holidays, name variants, the
// national list of regions).
package synth
