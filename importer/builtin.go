package importer

import (
	"embed"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"attract"
)

// Mappings that ship with Attract, for public data sets agencies import:
// wb-ppi reads the World Bank's Private Participation in Infrastructure
// database (see docs/import.md).
//
//go:embed mappings/*.json
var builtinFS embed.FS

// Builtin returns the mapping that ships under name, or false.
func Builtin(name string) (*attract.MappingFields, bool) {
	b, err := builtinFS.ReadFile("mappings/" + path.Base(name) + ".json")
	if err != nil {
		return nil, false
	}
	var m attract.MappingFields
	if err := json.Unmarshal(b, &m); err != nil {
		panic("importer: built-in mapping " + name + ": " + err.Error()) // the tests read every one
	}
	return &m, true
}

// BuiltinNames lists the mappings that ship with Attract.
func BuiltinNames() []string {
	entries, _ := builtinFS.ReadDir("mappings")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(names)
	return names
}
