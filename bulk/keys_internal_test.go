package bulk

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
)

// More keys than the check holds in memory: they go to sorted runs on disk and are merged, and
// the repeats are found all the same, at the start, across runs and at the end; an otherwise
// refused row among them is not counted twice.
func TestRepeatsFoundBeyondWhatMemoryHolds(t *testing.T) {
	const rows = keyBudget*2 + 100
	x := newKeyIndex(&Mapping{Key: &api.Property{Name: "email"}})
	key := func(i int) string { return fmt.Sprintf("person%07d@example.com", i) }
	for i := range rows {
		k := key(i)
		switch i {
		case rows - 1:
			k = key(0) // the last row repeats the first
		case keyBudget:
			k = key(keyBudget - 1) // a row repeats the one before, across two runs
		}
		x.add(k, i+2, i != rows-1)
	}
	require.Equal(t, 3, x.nruns+1, "two runs spilled, one in memory")
	require.NoError(t, x.finish())
	assert.Equal(t, []int{2, keyBudget + 1, keyBudget + 2, rows + 1}, x.firstRepeatedLines(10))
	assert.Equal(t, 3, x.validRepeats(), "the last row was refused anyway")
	assert.Equal(t, fmt.Sprintf("email %s is on lines 2, %d; keep one row per contact", key(0), rows+1), x.repeatReason(key(0)))
	assert.Empty(t, x.repeatReason(key(5)))
	assert.True(t, strings.HasPrefix(x.repeatReason(key(keyBudget-1)), "email "+key(keyBudget-1)+" is on lines "))
}
