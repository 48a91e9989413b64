/* Dice coefficients of 1024-bit Bloom filters, block against block.
 *
 * The one hot loop of privacy-preserving linkage: popcount(a & b) for every pair of a block.
 * Filters are 128 bytes (16 machine words); a tile of the second block (512 filters, 64 KiB)
 * stays in the core's L2 cache while every filter of the first block runs over it. The GIL is
 * released, so two Python threads compare two blocks at once. Built with function
 * multiversioning: AVX-512 VPOPCNTDQ and DQ where the processor has them (eight right filters
 * at a time, their popcounts summed by one transposed reduction: twice the pairs per CPU-second
 * of one horizontal sum per pair), AVX-512 VPOPCNTDQ alone, the POPCNT instruction otherwise,
 * portable C elsewhere.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define WORDS 16
#define FILTER_BYTES (WORDS * 8)
#define TILE 512

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define HAVE_X86 1
#endif

typedef struct {
    uint32_t left;
    uint32_t right;
    float score;
} Link;

typedef struct {
    Link *items;
    Py_ssize_t length;
    Py_ssize_t capacity;
} Links;

static int links_push(Links *links, uint32_t left, uint32_t right, float score) {
    if (links->length == links->capacity) {
        Py_ssize_t capacity = links->capacity ? links->capacity * 2 : 1024;
        Link *items = realloc(links->items, (size_t)capacity * sizeof(Link));
        if (items == NULL) return -1;
        links->items = items;
        links->capacity = capacity;
    }
    links->items[links->length].left = left;
    links->items[links->length].right = right;
    links->items[links->length].score = score;
    links->length++;
    return 0;
}

static inline uint32_t popcount_words(const uint64_t *w) {
    uint32_t total = 0;
    for (int i = 0; i < WORDS; i++) total += (uint32_t)__builtin_popcountll(w[i]);
    return total;
}

/* Compare a[first..last) with b[0..nb): append pairs whose Dice >= threshold. */
#define COMPARE_BODY(AND_COUNT)                                                        \
    for (Py_ssize_t tile = 0; tile < nb; tile += TILE) {                               \
        Py_ssize_t tile_end = tile + TILE < nb ? tile + TILE : nb;                     \
        for (Py_ssize_t i = 0; i < na; i++) {                                          \
            const uint64_t *x = a + i * WORDS;                                         \
            double count_i = (double)pa[i];                                            \
            for (Py_ssize_t j = tile; j < tile_end; j++) {                             \
                const uint64_t *y = b + j * WORDS;                                     \
                uint32_t common = AND_COUNT;                                           \
                double total = count_i + (double)pb[j];                                \
                if (total > 0 && 2.0 * common >= threshold * total) {                  \
                    if (links_push(out, (uint32_t)i, (uint32_t)j,                      \
                                   (float)(2.0 * common / total)) < 0) return -1;      \
                }                                                                      \
            }                                                                          \
        }                                                                              \
    }                                                                                  \
    return 0;

static inline uint32_t and_count_portable(const uint64_t *x, const uint64_t *y) {
    uint32_t common = 0;
    for (int k = 0; k < WORDS; k++) common += (uint32_t)__builtin_popcountll(x[k] & y[k]);
    return common;
}

static int compare_portable(const uint64_t *a, const uint32_t *pa, Py_ssize_t na,
                            const uint64_t *b, const uint32_t *pb, Py_ssize_t nb,
                            double threshold, Links *out) {
    COMPARE_BODY(and_count_portable(x, y))
}

#ifdef HAVE_X86
__attribute__((target("popcnt"))) static inline uint32_t and_count_popcnt(const uint64_t *x,
                                                                          const uint64_t *y) {
    uint32_t common = 0;
    for (int k = 0; k < WORDS; k++) common += (uint32_t)__builtin_popcountll(x[k] & y[k]);
    return common;
}

__attribute__((target("popcnt"))) static int compare_popcnt(
    const uint64_t *a, const uint32_t *pa, Py_ssize_t na, const uint64_t *b,
    const uint32_t *pb, Py_ssize_t nb, double threshold, Links *out) {
    COMPARE_BODY(and_count_popcnt(x, y))
}

__attribute__((target("avx512f,avx512vpopcntdq"))) static inline uint32_t and_count_avx512(
    const uint64_t *x, const uint64_t *y) {
    __m512i low = _mm512_popcnt_epi64(
        _mm512_and_si512(_mm512_loadu_si512((const void *)x), _mm512_loadu_si512((const void *)y)));
    __m512i high = _mm512_popcnt_epi64(_mm512_and_si512(
        _mm512_loadu_si512((const void *)(x + 8)), _mm512_loadu_si512((const void *)(y + 8))));
    return (uint32_t)_mm512_reduce_add_epi64(_mm512_add_epi64(low, high));
}

/* Eight right filters at a time: the eight popcount vectors are summed together by one
 * transposed reduction (21 instructions for eight pairs instead of eight horizontal sums), and
 * the threshold is tested on the eight sums in one vector comparison. The test is the scalar
 * one, in the same double arithmetic, so the pairs and scores are the same bit for bit. */
#define AVX8 "avx512f,avx512vpopcntdq,avx512dq"

__attribute__((target(AVX8))) static inline __m512i pair_sums(__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
}

__attribute__((target(AVX8))) static inline __m512i lane_sums(__m512i a, __m512i b) {
    return _mm512_add_epi64(_mm512_shuffle_i64x2(a, b, 0x88), _mm512_shuffle_i64x2(a, b, 0xDD));
}

__attribute__((target(AVX8))) static inline __m512i and_count8(__m512i x0, __m512i x1,
                                                                const uint64_t *y) {
    __m512i v[8];
    for (int k = 0; k < 8; k++) {
        const uint64_t *w = y + k * WORDS;
        v[k] = _mm512_add_epi64(
            _mm512_popcnt_epi64(_mm512_and_si512(x0, _mm512_loadu_si512((const void *)w))),
            _mm512_popcnt_epi64(_mm512_and_si512(x1, _mm512_loadu_si512((const void *)(w + 8)))));
    }
    /* lanes of t01: (v0, v1) partial sums per 128-bit lane; u: (v0..v3); r: (v0..v7) */
    __m512i t01 = pair_sums(v[0], v[1]), t23 = pair_sums(v[2], v[3]);
    __m512i t45 = pair_sums(v[4], v[5]), t67 = pair_sums(v[6], v[7]);
    __m512i u = lane_sums(t01, t23), w = lane_sums(t45, t67);
    /* u lanes: [t01 L0+L1, t01 L2+L3, t23 L0+L1, t23 L2+L3]; the last step adds the halves */
    __m512i r = lane_sums(u, w);
    /* r lanes: [(v0,v1), (v2,v3), (v4,v5), (v6,v7)]: the sums in order */
    return r;
}

__attribute__((target(AVX8))) static int compare_avx512x8(
    const uint64_t *a, const uint32_t *pa, Py_ssize_t na, const uint64_t *b,
    const uint32_t *pb, Py_ssize_t nb, double threshold, Links *out) {
    const __m512d two = _mm512_set1_pd(2.0), limit = _mm512_set1_pd(threshold);
    const __m512d zero = _mm512_setzero_pd();
    for (Py_ssize_t tile = 0; tile < nb; tile += TILE) {
        Py_ssize_t tile_end = tile + TILE < nb ? tile + TILE : nb;
        for (Py_ssize_t i = 0; i < na; i++) {
            const uint64_t *x = a + i * WORDS;
            __m512i x0 = _mm512_loadu_si512((const void *)x);
            __m512i x1 = _mm512_loadu_si512((const void *)(x + 8));
            double count_i = (double)pa[i];
            __m512d count_iv = _mm512_set1_pd(count_i);
            Py_ssize_t j = tile;
            for (; j + 8 <= tile_end; j += 8) {
                __m512i common = and_count8(x0, x1, b + j * WORDS);
                __m512d commond = _mm512_cvtepi64_pd(common);
                __m512d total = _mm512_add_pd(
                    count_iv, _mm512_cvtepu32_pd(_mm256_loadu_si256((const __m256i *)(pb + j))));
                __mmask8 hits =
                    _mm512_cmp_pd_mask(_mm512_mul_pd(two, commond),
                                       _mm512_mul_pd(limit, total), _CMP_GE_OQ) &
                    _mm512_cmp_pd_mask(total, zero, _CMP_GT_OQ);
                if (hits) {
                    uint64_t counts[8];
                    _mm512_storeu_si512((void *)counts, common);
                    for (int k = 0; k < 8; k++) {
                        if (!(hits >> k & 1)) continue;
                        double t = count_i + (double)pb[j + k];
                        if (links_push(out, (uint32_t)i, (uint32_t)(j + k),
                                       (float)(2.0 * (double)counts[k] / t)) < 0)
                            return -1;
                    }
                }
            }
            for (; j < tile_end; j++) {
                const uint64_t *y = b + j * WORDS;
                uint32_t common = and_count_avx512(x, y);
                double total = count_i + (double)pb[j];
                if (total > 0 && 2.0 * common >= threshold * total) {
                    if (links_push(out, (uint32_t)i, (uint32_t)j,
                                   (float)(2.0 * common / total)) < 0)
                        return -1;
                }
            }
        }
    }
    return 0;
}

__attribute__((target("avx512f,avx512vpopcntdq"))) static int compare_avx512(
    const uint64_t *a, const uint32_t *pa, Py_ssize_t na, const uint64_t *b,
    const uint32_t *pb, Py_ssize_t nb, double threshold, Links *out) {
    COMPARE_BODY(and_count_avx512(x, y))
}
#endif

typedef int (*compare_fn)(const uint64_t *, const uint32_t *, Py_ssize_t, const uint64_t *,
                          const uint32_t *, Py_ssize_t, double, Links *);

static compare_fn chosen = NULL;
static const char *chosen_name = "portable";

static void choose(void) {
    chosen = compare_portable;
#ifdef HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq") &&
        __builtin_cpu_supports("avx512dq")) {
        chosen = compare_avx512x8;
        chosen_name = "avx512-vpopcntdq-x8";
    } else if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) {
        chosen = compare_avx512;
        chosen_name = "avx512-vpopcntdq";
    } else if (__builtin_cpu_supports("popcnt")) {
        chosen = compare_popcnt;
        chosen_name = "popcnt";
    }
#endif
}

static int fill_counts(const uint64_t *filters, Py_ssize_t n, uint32_t *counts) {
    for (Py_ssize_t i = 0; i < n; i++) counts[i] = popcount_words(filters + i * WORDS);
    return 0;
}

static PyObject *dice_pairs(PyObject *self, PyObject *args) {
    Py_buffer left, right;
    double threshold;
    if (!PyArg_ParseTuple(args, "y*y*d", &left, &right, &threshold)) return NULL;
    PyObject *result = NULL;
    uint32_t *pa = NULL, *pb = NULL;
    Links links = {NULL, 0, 0};
    if (left.len % FILTER_BYTES || right.len % FILTER_BYTES) {
        PyErr_SetString(PyExc_ValueError, "filters must be 128 bytes each");
        goto done;
    }
    if (!(threshold > 0.0 && threshold <= 1.0)) {
        PyErr_SetString(PyExc_ValueError, "threshold must be in (0, 1]");
        goto done;
    }
    Py_ssize_t na = left.len / FILTER_BYTES, nb = right.len / FILTER_BYTES;
    if (na > UINT32_MAX || nb > UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "block too large");
        goto done;
    }
    pa = malloc((size_t)(na ? na : 1) * sizeof(uint32_t));
    pb = malloc((size_t)(nb ? nb : 1) * sizeof(uint32_t));
    if (pa == NULL || pb == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int failed;
    const uint64_t *a = (const uint64_t *)left.buf, *b = (const uint64_t *)right.buf;
    Py_BEGIN_ALLOW_THREADS
    fill_counts(a, na, pa);
    fill_counts(b, nb, pb);
    failed = chosen(a, pa, na, b, pb, nb, threshold, &links);
    Py_END_ALLOW_THREADS
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }
    result = PyBytes_FromStringAndSize((const char *)links.items,
                                       links.length * (Py_ssize_t)sizeof(Link));
done:
    free(links.items);
    free(pa);
    free(pb);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    return result;
}

static PyObject *kernel_name(PyObject *self, PyObject *noargs) {
    return PyUnicode_FromString(chosen_name);
}

static PyMethodDef methods[] = {
    {"dice_pairs", dice_pairs, METH_VARARGS,
     "dice_pairs(left, right, threshold) -> bytes of (uint32 left, uint32 right, float32 score)"},
    {"kernel_name", kernel_name, METH_NOARGS, "The instruction set the comparison uses."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_dice", NULL, -1, methods};

PyMODINIT_FUNC PyInit__dice(void) {
    choose();
    return PyModule_Create(&module);
}
