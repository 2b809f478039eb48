#ifndef MSPSIM_CGSL_SHIM_H
#define MSPSIM_CGSL_SHIM_H
// The only C that mspsim sees of GSL. Swift 6 rejects GSL's global generator
// pointers (gsl_rng_mt19937, ...) as not concurrency-safe, so generators are
// looked up by name through gsl_rng_types_setup() here.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <string.h>

/// The GSL generator type called `name`, or NULL when GSL has none by that name.
static inline const gsl_rng_type *mspsim_rng_type_named(const char *name) {
  const gsl_rng_type **t = gsl_rng_types_setup();
  for (; *t != NULL; t++) {
    if (strcmp((*t)->name, name) == 0) return *t;
  }
  return NULL;
}

/// The number of generator types GSL knows.
static inline int mspsim_rng_type_count(void) {
  const gsl_rng_type **t = gsl_rng_types_setup();
  int n = 0;
  for (; *t != NULL; t++) n++;
  return n;
}

/// The name of generator type `i` (0 <= i < mspsim_rng_type_count()).
static inline const char *mspsim_rng_type_name(int i) {
  return gsl_rng_types_setup()[i]->name;
}

/// Turns GSL's abort-on-error handler off; status codes are returned instead.
static inline void mspsim_gsl_errors_off(void) { gsl_set_error_handler_off(); }


/// Seeds GSL's mt19937 from all 64 bits of `seed` by filling its 624-word state
/// with the SplitMix64 sequence started at `seed` (the upper 32 bits of each
/// output), as NumPy's SeedSequence-style seeding does. gsl_rng_set uses only 32
/// bits (two of a million paths would share a stream) and its init loop, with
/// init_by_array, costs several microseconds a path; this costs about one.
/// mt[0] = 0x80000000 keeps the state non-zero (as init_by_array does).
/// Returns 0 when `r` is not an mt19937 generator (the caller falls back to gsl_rng_set).
static inline int mspsim_mt19937_seed64(gsl_rng *r, unsigned long long seed) {
  if (strcmp(r->type->name, "mt19937") != 0) return 0;
  unsigned long *mt = (unsigned long *)r->state;   /* GSL: struct { unsigned long mt[624]; int mti; } */
  int *mti = (int *)(mt + 624);
  unsigned long long x = seed;
  for (int i = 0; i < 624; i++) {
    x += 0x9E3779B97F4A7C15ULL;
    unsigned long long z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    mt[i] = (unsigned long)(z >> 32);
  }
  mt[0] = 0x80000000UL;
  *mti = 624;
  return 1;
}

#endif
