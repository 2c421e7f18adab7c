// Package debuggers runs built executables under real gdb and lldb and
// checks the values they show: the shared samples' .lldb/.expected pairs
// and the project's own programs in testdata/.
package debuggers

import (
	"math/big"
	"strconv"
	"strings"
)

// Values maps a variable path ("basic.u8_255", "array[2]",
// "maybe_u32.?") to the text a debugger showed for it.
type Values map[string]string

// ParseGDB parses one gdb `print` result ("$1 = {a = 1, b = {2, 3}}")
// as the value of path.
func ParseGDB(path, out string) Values {
	v := Values{}
	i := strings.Index(out, " = ")
	if i < 0 || !strings.HasPrefix(strings.TrimSpace(out), "$") {
		return v
	}
	parseGDBValue(v, path, strings.TrimSpace(out[i+3:]))
	return v
}

func parseGDBValue(v Values, path, s string) {
	s = strings.TrimSpace(s)
	if s == "{<No data fields>}" { // an empty structure (void)
		s = "{}"
	}
	if !strings.HasPrefix(s, "{") || s == "{}" {
		v[path] = s
		return
	}
	items := splitTop(s[1 : len(s)-1])
	for i, it := range items {
		name, val, ok := strings.Cut(it, " = ")
		if !ok || strings.HasPrefix(strings.TrimSpace(it), "{") {
			parseGDBValue(v, path+"["+strconv.Itoa(i)+"]", it)
			continue
		}
		parseGDBValue(v, path+"."+strings.TrimSpace(name), val)
	}
}

// splitTop splits s at ", " outside braces and quotes.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQuote && c == '\\':
			i++
		case c == '\'':
			inQuote = !inQuote
		case inQuote:
		case c == '{':
			depth++
		case c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// ParseLLDB parses `frame variable --show-types` output: lines
// "(type) name = value" with "{ ... }" blocks for aggregates. Types
// records each path's type.
func ParseLLDB(out string) (vals Values, types map[string]string) {
	vals, types = Values{}, map[string]string{}
	var stack []string
	for _, line := range strings.Split(out, "\n") {
		t := strings.TrimSpace(line)
		if t == "}" {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		typ := ""
		if strings.HasPrefix(t, "(") {
			depth := 0
			for i, c := range t {
				if c == '(' {
					depth++
				} else if c == ')' {
					depth--
					if depth == 0 {
						typ, t = t[1:i], strings.TrimSpace(t[i+1:])
						break
					}
				}
			}
		}
		name, val, ok := strings.Cut(t, " = ")
		if !ok || typ == "" && len(stack) == 0 {
			continue
		}
		path := name
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			switch {
			case strings.HasPrefix(name, parent+"."):
				path = name
			case strings.HasPrefix(name, "["):
				path = parent + name
			default:
				path = parent + "." + name
			}
		}
		types[path] = typ
		if val == "{" {
			stack = append(stack, path)
			continue
		}
		if strings.HasPrefix(val, "(") && strings.HasSuffix(val, ")") && strings.Contains(val, " = ") {
			// inline aggregate: (a = 1, b = 2)
			for _, it := range splitTop(val[1 : len(val)-1]) {
				if n, x, ok := strings.Cut(it, " = "); ok {
					p := path + "." + n
					if strings.HasPrefix(n, path+".") {
						p = n
					}
					vals[p] = x
				}
			}
			continue
		}
		vals[path] = val
	}
	return vals, types
}

// Canon turns a shown value into a comparable form: integers in decimal
// (from decimal, hex or a character literal, signed for `char` types),
// floats in shortest exact form, booleans, "{}" for void (an empty
// structure; gdb's `<incomplete type>` is not a value).
func Canon(s, typ string) string {
	s = strings.TrimSpace(s)
	if s == "{}" {
		return "{}"
	}
	if s == "true" || s == "false" {
		return s
	}
	// gdb shows u8 as `255 '\377'`.
	if i := strings.Index(s, " '"); i > 0 {
		s = s[:i]
	}
	if s == `'\0'` {
		return "0"
	}
	if strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") && len(s) >= 3 {
		if c, err := strconv.Unquote(s); err == nil && len(c) > 0 {
			n := int64([]byte(c)[0])
			if len([]byte(c)) == 1 && (typ == "char" || typ == "signed char") && n >= 128 {
				n -= 256
			}
			return strconv.FormatInt(n, 10)
		}
		if inner := s[1 : len(s)-1]; strings.HasPrefix(inner, `\x`) {
			if n, err := strconv.ParseUint(inner[2:], 16, 8); err == nil {
				v := int64(n)
				if (typ == "char" || typ == "signed char") && v >= 128 {
					v -= 256
				}
				return strconv.FormatInt(v, 10)
			}
		}
	}
	if n, ok := new(big.Int).SetString(s, 0); ok {
		return n.String()
	}
	if f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven); err == nil {
		return f.Text('g', 60)
	}
	return s
}
