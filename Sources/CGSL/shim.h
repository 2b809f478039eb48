#ifndef MSPSIM_CGSL_SHIM_H
#define MSPSIM_CGSL_SHIM_H
// The only C that mspsim sees of GSL. Swift 6 rejects GSL's global generator
// pointers (gsl_rng_mt19937, ...) as not concurrency-safe, so generators are
// looked up by name through gsl_rng_types_setup() here.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
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

/// The Nelder-Mead simplex minimiser (`mspsim fit`): GSL's type pointer is a global
/// Swift 6 rejects as not concurrency-safe, so it is handed out here.
static inline const gsl_multimin_fminimizer_type *mspsim_nmsimplex2(void) {
  return gsl_multimin_fminimizer_nmsimplex2;
}

/// Turns GSL's abort-on-error handler off; status codes are returned instead.
static inline void mspsim_gsl_errors_off(void) { gsl_set_error_handler_off(); }

/// Cholesky factor of the symmetric n x n matrix `a` (row-major), in place through
/// GSL's linear algebra: on success (0) the lower triangle holds L with A = L L^T;
/// GSL_EDOM when A is not positive definite.
static inline int mspsim_cholesky(double *a, size_t n) {
  gsl_matrix_view m = gsl_matrix_view_array(a, n, n);
  return gsl_linalg_cholesky_decomp1(&m.matrix);
}


/// The state of an mt19937 generator (GSL: struct { unsigned long mt[624]; int mti; }):
/// returns its 624 words and sets *mti to its position, or returns NULL when `r` is
/// not an mt19937 generator. GSLRandom.reseed fills the words from SplitMix64 to seed
/// mt19937 with all 64 bits (gsl_rng_set uses only 32).
static inline unsigned long *mspsim_mt19937_state(gsl_rng *r, int **mti) {
  if (strcmp(r->type->name, "mt19937") != 0) return NULL;
  unsigned long *mt = (unsigned long *)r->state;
  *mti = (int *)(mt + 624);
  return mt;
}

#endif
