// Package config holds pantau's settings: one struct, parsed from pantau.yaml
// and validated once at the edge (cmd/pantau), then passed down as a value.
// It is a leaf package; libraries never read the environment themselves.
package config
