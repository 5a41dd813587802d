package synth

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// Independent random streams, all derived from Config.Seed, so that changing
// one part of the generator (or turning on Messy) does not shift the others.
const (
	streamEvents uint64 = iota + 0x7061_6e74_6175_0000 // "pantau"
	streamBlanko
	streamComplaints
	streamStaff
	streamMessy
	streamSurvey
	streamRegion // a region's own story: its depth of the cut, its recovery, its incidents
)

// newRand returns the random stream of one part of one region's data. The
// default region (Kabupaten Bekasi) keeps the streams it had before there
// were other regions, so its data is byte-identical to the single-region
// generator's; every other region mixes its code into the stream, so its
// data depends only on the seed and its code, never on which other regions
// are generated with it.
func newRand(seed int64, region string, stream uint64) *rand.Rand {
	if region != reference.RegionCode {
		code, _ := strconv.ParseUint(region, 10, 64)
		stream ^= (code + 1) << 32
	}
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// poisson draws a Poisson variate; large means use the normal approximation.
func poisson(r *rand.Rand, mean float64) int {
	switch {
	case mean <= 0:
		return 0
	case mean < 30:
		l, k, p := math.Exp(-mean), 0, 1.0
		for {
			p *= r.Float64()
			if p <= l {
				return k
			}
			k++
		}
	default:
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		if n < 0 {
			return 0
		}
		return n
	}
}

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}

// pick returns the index chosen by weights (which need not sum to 1).
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func choose[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
