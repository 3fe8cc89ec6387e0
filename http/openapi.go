package http

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"attract"
)

// The OpenAPI document is built from the route table and, by reflection,
// from the Go types the handlers decode and encode, so it cannot drift from
// what the API does. A test validates real responses of every route
// against it.

// OpenAPI returns the OpenAPI 3.1 document of the API.
func (s *Server) OpenAPI() map[string]any {
	s.openapiOnce.Do(func() { s.openapi = s.buildOpenAPI() })
	return s.openapi
}

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.OpenAPI())
}

var pathParamRE = regexp.MustCompile(`\{(\w+)\}`)

func (s *Server) buildOpenAPI() map[string]any {
	g := &schemaGen{schemas: map[string]any{}}
	g.schemas["Problem"] = g.schemaOf(reflect.TypeFor[problem](), true)
	paths := map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": operationID(rt),
			"responses":   g.responses(rt),
		}
		if rt.perm != "" {
			op["description"] = "Needs the permission " + string(rt.perm) + "."
			op["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}}
		} else {
			op["security"] = []any{}
		}
		var params []any
		for _, m := range pathParamRE.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer"}})
		}
		for _, p := range rt.params {
			params = append(params, map[string]any{"name": p.name, "in": "query", "description": p.desc, "schema": map[string]any{"type": p.typ}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{
				"required": true,
				"content":  map[string]any{"application/json": map[string]any{"schema": g.ref(reflect.TypeOf(rt.body), false)}},
			}
		}
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":       "Attract API",
			"version":     s.Version,
			"description": "The JSON API of Attract, the desk of an investment promotion agency. Errors are RFC 9457 problem details.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "An API token from `attract token create`."},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie},
			},
		},
	}
}

func operationID(rt route) string {
	p := strings.TrimPrefix(rt.path, "/api/v1/")
	p = pathParamRE.ReplaceAllString(p, "by_$1")
	p = strings.NewReplacer("/", "_", ".", "_").Replace(strings.Trim(p, "/"))
	return strings.ToLower(rt.method) + "_" + p
}

// responses describes a route's success and error responses.
func (g *schemaGen) responses(rt route) map[string]any {
	problem := map[string]any{"description": "A problem", "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	out := map[string]any{"default": problem}
	status := itoa(int64(rt.status))
	switch {
	case rt.out == nil && rt.status == http.StatusNoContent:
		out[status] = map[string]any{"description": "Done"}
	case rt.out == nil:
		out[status] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
	case rt.list:
		schema := map[string]any{
			"type":     "object",
			"required": []string{"items", "next_cursor"},
			"properties": map[string]any{
				"items":       map[string]any{"type": "array", "items": g.ref(reflect.TypeOf(rt.out), true)},
				"next_cursor": map[string]any{"type": "string", "description": "pass as ?cursor= for the next page; empty on the last"},
			},
		}
		out[status] = map[string]any{"description": "A page", "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	default:
		out[status] = map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": g.ref(reflect.TypeOf(rt.out), true)}}}
	}
	return out
}

// schemaGen turns Go types into JSON Schemas, named types into components.
type schemaGen struct {
	schemas map[string]any
}

var (
	timeType  = reflect.TypeFor[time.Time]()
	dateType  = reflect.TypeFor[attract.Date]()
	moneyType = reflect.TypeFor[attract.Money]()
	rawType   = reflect.TypeFor[json.RawMessage]()
	patchType = reflect.TypeFor[attract.Patch]()
)

// enums lists the allowed values of named string types.
var enums = map[reflect.Type][]string{
	reflect.TypeFor[attract.Stage]():      stringsOf(attract.Stages),
	reflect.TypeFor[attract.Role]():       stringsOf(attract.Roles),
	reflect.TypeFor[attract.TaskStatus](): stringsOf(attract.TaskStatuses),
}

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// ref returns the schema of t: a $ref for named structs (response schemas
// and request schemas are kept apart, since responses require every field).
func (g *schemaGen) ref(t reflect.Type, response bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		return map[string]any{"anyOf": []any{g.ref(t.Elem(), response), map[string]any{"type": "null"}}}
	}
	if t.Kind() != reflect.Struct || t == timeType || t == dateType || t == moneyType {
		return g.schemaOf(t, response)
	}
	name := t.Name()
	if !response {
		name += "Input"
	}
	if _, ok := g.schemas[name]; !ok {
		g.schemas[name] = map[string]any{} // placeholder against recursion
		g.schemas[name] = g.schemaOf(t, response)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func (g *schemaGen) schemaOf(t reflect.Type, response bool) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": "string", "format": "date", "example": "2023-10-19"}
	case t == moneyType:
		if _, ok := g.schemas["Money"]; !ok {
			g.schemas["Money"] = map[string]any{
				"type":        "object",
				"description": `An exact amount: a decimal string in major units and an ISO 4217 code. Input may also be a string as people write it: "1.2亿元", "USD 12.5m".`,
				"required":    []string{"amount", "currency"},
				"properties": map[string]any{
					"amount":   map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`},
					"currency": map[string]any{"type": "string", "pattern": `^[A-Z]{3}$`},
				},
			}
		}
		if response {
			return map[string]any{"$ref": "#/components/schemas/Money"}
		}
		return map[string]any{"anyOf": []any{map[string]any{"$ref": "#/components/schemas/Money"}, map[string]any{"type": "string"}}}
	case t == rawType:
		return map[string]any{}
	case t == patchType:
		return map[string]any{"type": "object", "description": "fields to set, as in a PATCH"}
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if e, ok := enums[t]; ok {
			s["enum"] = e
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.ref(t.Elem(), response)}
	case reflect.Map:
		return map[string]any{"type": "object"}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		g.addFields(t, props, &required, response)
		s := map[string]any{"type": "object", "properties": props}
		if response && len(required) > 0 {
			slices.Sort(required)
			s["required"] = required
		}
		if !response {
			s["additionalProperties"] = false
		}
		return s
	}
	return map[string]any{}
}

// addFields adds the JSON fields of struct t, flattening embedded structs.
func (g *schemaGen) addFields(t reflect.Type, props map[string]any, required *[]string, response bool) {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.addFields(f.Type, props, required, response)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.ref(f.Type, response)
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
}
