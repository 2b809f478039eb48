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


/// Seeds GSL's mt19937 from all 64 bits of `seed` (Matsumoto-Nishimura
/// init_by_array with key {low 32 bits, high 32 bits}); gsl_rng_set uses only 32
/// bits, which would make two of a million paths share a stream. Returns 0 when
/// `r` is not an mt19937 generator (the caller then falls back to gsl_rng_set).
static inline int mspsim_mt19937_seed64(gsl_rng *r, unsigned long long seed) {
  if (strcmp(r->type->name, "mt19937") != 0) return 0;
  unsigned long *mt = (unsigned long *)r->state;   /* GSL: struct { unsigned long mt[624]; int mti; } */
  int *mti = (int *)(mt + 624);
  const int N = 624;
  mt[0] = 19650218UL;
  for (int i = 1; i < N; i++) {
    mt[i] = (1812433253UL * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (unsigned long)i) & 0xffffffffUL;
  }
  unsigned long key[2] = { (unsigned long)(seed & 0xffffffffULL), (unsigned long)(seed >> 32) };
  int i = 1, j = 0, k = N;
  for (; k; k--) {
    mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525UL)) + key[j] + (unsigned long)j) & 0xffffffffUL;
    i++; j++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    if (j >= 2) j = 0;
  }
  for (k = N - 1; k; k--) {
    mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941UL)) - (unsigned long)i) & 0xffffffffUL;
    i++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  mt[0] = 0x80000000UL;
  *mti = N;
  return 1;
}

#endif
