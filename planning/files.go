package planning

import "embed"

// files holds the SQL of the planning reads, one file each under sql/.
//
//go:embed sql/*.sql
var files embed.FS
