// Package synth generates the realistic synthetic data that the demo, every
// test and every benchmark of pantau run on: service events, blanko (blank
// e-KTP card) deliveries, stock counts (stock opname) and complaints of
// Kabupaten Bekasi, telling the story of 2022–2023: steady printing, the
// blanko cut from October 2022, the growing print backlog and complaints, the
// recovery from the second half of January 2023 and the start of IKD
// (Identitas Kependudukan Digital) activations in 2023.
//
// Everything is reproducible from Config.Seed: the same Config writes
// byte-identical files. Rows are streamed to the writers (CSV, NDJSON,
// Parquet, XLSX, Arrow IPC), so memory stays bounded by the open backlog,
// not by the number of events written.
//
// With Config.Messy the same data is written the way real offices send it
// (semicolons, BOM, Windows-1252, Indonesian headers and enum values, mixed
// date forms, an .xlsx blanko ledger, re-sent rows) plus a small share of
// planted bad rows, each listed in manifest.csv.
//
// synth stands alone: it imports nothing from the rest of pantau except the
// leaf package reference (offices, kecamatan, holidays, name variants).
package synth
