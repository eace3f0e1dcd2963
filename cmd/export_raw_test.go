package cmd_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// export neutralises a cell a spreadsheet would run (a leading '); --raw writes it as it is.
func TestExportNeutralisesFormulasUnlessRaw(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		o.seed(map[string]string{"email": "calc@example.com", "firstname": "=1+1", "lastname": "@SUM(A1)"})
		dir := t.TempDir()
		for name, want := range map[string][]string{"": {"'=1+1", "'@SUM(A1)"}, "--raw": {"=1+1", "@SUM(A1)"}} {
			out := filepath.Join(dir, "out"+name+".csv")
			args := []string{"export", "--properties", "email,firstname,lastname", "--query", "calc@example.com", "-o", out}
			if name != "" {
				args = append(args, name)
			}
			res := o.hc("", args...)
			require.Equal(t, 0, res.code, res.output())
			recs := readCSVFile(t, out)
			require.Len(t, recs, 2, name)
			assert.Equal(t, want, recs[1][2:], name)
		}
	})
}
