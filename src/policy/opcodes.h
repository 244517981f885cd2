/* The policy VM's instruction set: the single source of truth, expanded by
 * X-macro into the opcode enum, the names and the disassembler.
 *
 * Every instruction is one 64-bit word and works on a whole batch of rows:
 *
 *   63       57 56 55         42 41         28 27         14 13          0
 *  +-----------+--+-------------+-------------+-------------+-------------+
 *  |  op (7)   |d |  dst (14)   |   a (14)    |   b (14)    |   c (14)    |
 *  +-----------+--+-------------+-------------+-------------+-------------+
 *
 * d is the dimension of dst: 0 = person rows, 1 = household rows. a, b, c
 * are registers (or, for PARAM, a parameter index). A register is a vector
 * of int64 as long as the batch; constants, inputs and outputs are
 * registers too, so no instruction loads or stores. In the semantics below
 * i ranges over dst's rows, h over households, p over persons, M(h) is
 * household h's members and H(p) is person p's household.
 *
 * X(name, operands, semantics) */
#ifndef MZ_POLICY_OPCODES_H
#define MZ_POLICY_OPCODES_H

#include <stdint.h>

#define POL_OPCODES(X)                                                                     \
    X(MOV, 1, "dst[i] = a[i]")                                                             \
    X(ADD, 2, "dst[i] = a[i] + b[i]  (wrapping)")                                          \
    X(SUB, 2, "dst[i] = a[i] - b[i]  (wrapping)")                                          \
    X(MUL, 2, "dst[i] = a[i] * b[i]  (wrapping)")                                          \
    X(MULR, 2, "dst[i] = a[i] * b[i] / 10000  (money times ratio, toward zero)")           \
    X(DIV, 2, "dst[i] = a[i] / b[i] toward zero; 0 when b[i] = 0")                         \
    X(NEG, 1, "dst[i] = -a[i]")                                                            \
    X(EQ, 2, "dst[i] = a[i] == b[i]")                                                      \
    X(NE, 2, "dst[i] = a[i] != b[i]")                                                      \
    X(LT, 2, "dst[i] = a[i] < b[i]")                                                       \
    X(LE, 2, "dst[i] = a[i] <= b[i]")                                                      \
    X(GT, 2, "dst[i] = a[i] > b[i]")                                                       \
    X(GE, 2, "dst[i] = a[i] >= b[i]")                                                      \
    X(AND, 2, "dst[i] = a[i] & b[i]  (bools are 0/1)")                                     \
    X(OR, 2, "dst[i] = a[i] | b[i]")                                                       \
    X(NOT, 1, "dst[i] = !a[i]")                                                            \
    X(SEL, 3, "dst[i] = a[i] ? b[i] : c[i]")                                               \
    X(MIN, 2, "dst[i] = min(a[i], b[i])")                                                  \
    X(MAX, 2, "dst[i] = max(a[i], b[i])")                                                  \
    X(AGE, 1, "dst[i] = whole years from a[i] to the as-of date (birthday counts)")       \
    X(MONTHS, 2, "dst[i] = whole months from a[i] to b[i]")                                \
    X(PARAM, 1, "dst[i] = value of parameter #a in row i's region on the as-of date")     \
    X(HSUM, 2, "dst[h] = sum of a[p] for p in M(h) where b[p]")                            \
    X(HMIN, 2, "dst[h] = min of a[p] for p in M(h) where b[p]; 0 if none")                 \
    X(HMAX, 2, "dst[h] = max of a[p] for p in M(h) where b[p]; 0 if none")                 \
    X(HANY, 2, "dst[h] = some p in M(h) where b[p] has a[p]")                              \
    X(HALL, 2, "dst[h] = every p in M(h) where b[p] has a[p] (1 if none)")                 \
    X(BCAST, 1, "dst[p] = a[H(p)]  (household value to its members)")                      \
    X(ROUNDY, 1, "dst[i] = a[i] fen rounded half up to whole yuan")                        \
    X(CEILY, 1, "dst[i] = a[i] fen rounded up to whole yuan")                              \
    X(FLOORY, 1, "dst[i] = a[i] fen rounded down to whole yuan")

enum pol_opcode {
#define X(name, n, sem) OP_##name,
    POL_OPCODES(X)
#undef X
        OP_COUNT_
};

#define INS_FIELD 14
#define INS_MASK ((1u << INS_FIELD) - 1)
#define MAX_REGS INS_MASK

static inline uint64_t ins_make(int op, int dim, int dst, int a, int b, int c)
{
    return (uint64_t)op << 57 | (uint64_t)(dim & 1) << 56 | (uint64_t)dst << 42 |
           (uint64_t)a << 28 | (uint64_t)b << 14 | (uint64_t)c;
}
#define INS_OP(i) ((int)((i) >> 57))
#define INS_DIM(i) ((int)((i) >> 56 & 1))
#define INS_DST(i) ((int)((i) >> 42 & INS_MASK))
#define INS_A(i) ((int)((i) >> 28 & INS_MASK))
#define INS_B(i) ((int)((i) >> 14 & INS_MASK))
#define INS_C(i) ((int)((i) & INS_MASK))

#endif
