/* Name pools for the synthetic city. Surname frequencies (per 10,000) are
 * rounded from the Ministry of Public Security's 2020 household-register
 * ranking, nudged towards Chongqing (陈, 罗, 何, 谭, 唐 more common). */
#include "gen/names.h"

#include <string.h>

#include "registry/idcard.h"

struct weighted {
    const char *text;
    unsigned weight;
};

/* The weights below are per 10,000 persons and sum to this. */
#define SURNAME_WEIGHT_TOTAL 10000

static const struct weighted surnames[] = {
    {"王", 850}, {"李", 900}, {"张", 790}, {"刘", 710}, {"陈", 800}, {"杨", 440}, {"黄", 280},
    {"赵", 230}, {"吴", 230}, {"周", 290}, {"徐", 140}, {"孙", 110}, {"马", 110}, {"朱", 110},
    {"胡", 120}, {"郭", 100}, {"何", 160}, {"高", 100}, {"林", 90},  {"罗", 190}, {"郑", 80},
    {"梁", 80},  {"谢", 90},  {"宋", 60},  {"唐", 130}, {"许", 60},  {"韩", 50},  {"冯", 60},
    {"邓", 90},  {"曹", 50},  {"彭", 70},  {"曾", 60},  {"肖", 70},  {"田", 60},  {"董", 50},
    {"袁", 60},  {"潘", 40},  {"于", 30},  {"蒋", 60},  {"蔡", 40},  {"余", 60},  {"杜", 50},
    {"叶", 40},  {"程", 40},  {"苏", 30},  {"魏", 30},  {"吕", 30},  {"丁", 30},  {"任", 40},
    {"沈", 30},  {"姚", 30},  {"卢", 30},  {"姜", 30},  {"崔", 20},  {"钟", 30},  {"谭", 90},
    {"陆", 20},  {"汪", 30},  {"范", 30},  {"金", 20},  {"石", 40},  {"廖", 50},  {"贾", 20},
    {"夏", 30},  {"韦", 20},  {"付", 40},  {"方", 20},  {"白", 20},  {"邹", 40},  {"孟", 20},
    {"熊", 40},  {"秦", 30},  {"邱", 30},  {"江", 30},  {"尹", 20},  {"薛", 20},  {"段", 20},
    {"雷", 30},  {"侯", 20},  {"龙", 30},  {"史", 20},  {"陶", 20},  {"黎", 20},  {"贺", 20},
    {"顾", 10},  {"毛", 20},  {"郝", 10},  {"龚", 30},  {"邵", 10},  {"万", 20},  {"钱", 10},
    {"严", 20},  {"覃", 10},  {"戴", 20},  {"向", 30},  {"冉", 20},  {"牟", 20},  {"汤", 30},
    {"易", 30},  {"伍", 30},  {"文", 30},  {"代", 30},  {"蒲", 20},  {"滕", 10},  {"甘", 20},
    {"颜", 20},  {"聂", 20},  {"胥", 10},  {"鲁", 10},  {"洪", 10},  {"凌", 10},  {"柏", 10},
    {"刁", 5},   {"穆", 5},   {"庞", 30},  {"左", 10},  {"税", 5},   {"况", 5},   {"游", 15},
    {"欧阳", 4}, {"司马", 1},
};

/* Given-name characters by birth generation: before 1960, 1960–1989, from 1990. */
static const char *const male_chars[3][24] = {
    {"国", "建", "华", "明", "德", "福", "富", "贵", "忠", "军", "兵", "林",
     "强", "平", "文", "荣", "春", "成", "志", "勇", "祥", "海", "山", "清"},
    {"伟", "勇", "军", "斌", "波", "涛", "刚", "杰", "强", "磊", "鹏", "林",
     "超", "明", "辉", "健", "平", "东", "峰", "华", "亮", "建", "兵", "俊"},
    {"浩", "宇", "轩", "子", "俊", "博", "文", "一", "泽", "鑫", "杰", "涛",
     "晨", "睿", "然", "航", "辰", "豪", "铭", "阳", "梓", "皓", "宸", "霖"},
};
static const char *const female_chars[3][24] = {
    {"秀", "英", "兰", "珍", "芳", "桂", "华", "玉", "凤", "琼", "淑", "梅",
     "素", "翠", "莲", "琴", "云", "芬", "群", "碧", "清", "淑", "荣", "菊"},
    {"丽", "芳", "娟", "敏", "静", "燕", "艳", "玲", "霞", "红", "英", "梅",
     "琴", "萍", "莉", "丹", "雪", "华", "莉", "利", "群", "蓉", "琳", "慧"},
    {"欣", "怡", "雨", "梓", "涵", "萱", "诗", "琪", "佳", "思", "若", "婷",
     "雪", "悦", "可", "馨", "晴", "彤", "妍", "依", "语", "嘉", "瑶", "汐"},
};

/* Share of one-character given names by generation (per mille). */
static const unsigned single_char_per_mille[3] = {300, 380, 150};

const char *gen_surname(struct gen_rng *r)
{
    unsigned u = gen_below(r, SURNAME_WEIGHT_TOTAL);
    for (size_t i = 0; i < sizeof surnames / sizeof surnames[0]; i++) {
        if (u < surnames[i].weight)
            return surnames[i].text;
        u -= surnames[i].weight;
    }
    return surnames[0].text;
}

static char *append(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

void gen_name(struct gen_rng *r, const char *surname, int sex, int birth_year, char out[32])
{
    int gen = birth_year < 1960 ? 0 : birth_year < 1990 ? 1 : 2;
    const char *const *pool = sex == SEX_MALE ? male_chars[gen] : female_chars[gen];
    char *p = append(out, surname);
    p = append(p, pool[gen_below(r, 24)]);
    if (!gen_chance(r, single_char_per_mille[gen]))
        p = append(p, pool[gen_below(r, 24)]);
    *p = '\0';
}
