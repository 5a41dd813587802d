package page

import (
	"strings"
	"testing"
)

func TestCSSStringCannotBreakOut(t *testing.T) {
	got := cssString(`a"; } </style><script>x</script>\`)
	if strings.ContainsAny(got[1:len(got)-1], `"<>`) {
		t.Errorf("cssString left a quote or angle bracket: %s", got)
	}
}
