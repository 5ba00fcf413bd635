using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Plausible, made-up names for the demo district: communities (社区), villages (村) and grid
/// workers, built from syllable lists that carry their pinyin so the English name follows the
/// Chinese one. Every draw comes from the caller's seeded <see cref="Random"/>.
/// </summary>
internal static class DemoNames
{
    private readonly record struct Syllable(string Zh, string Pinyin);

    // Characters with one common reading only, so the pinyin is never wrong.
    private static readonly Syllable[] _communityFirst =
    [
        new("万", "wan"), new("兴", "xing"), new("和", "he"), new("安", "an"), new("福", "fu"),
        new("康", "kang"), new("荣", "rong"), new("新", "xin"), new("民", "min"), new("利", "li"),
        new("金", "jin"), new("玉", "yu"), new("红", "hong"), new("东", "dong"), new("龙", "long"),
        new("凤", "feng"), new("宁", "ning"), new("顺", "shun"), new("嘉", "jia"), new("文", "wen"),
        new("华", "hua"), new("建", "jian"), new("鹏", "peng"), new("锦", "jin"), new("春", "chun"),
    ];

    private static readonly Syllable[] _communitySecond =
    [
        new("缘", "yuan"), new("平", "ping"), new("园", "yuan"), new("苑", "yuan"), new("光", "guang"),
        new("桥", "qiao"), new("坝", "ba"), new("湾", "wan"), new("庆", "qing"), new("盛", "sheng"),
        new("泰", "tai"), new("丰", "feng"), new("祥", "xiang"), new("阳", "yang"), new("江", "jiang"),
        new("林", "lin"), new("城", "cheng"), new("街", "jie"), new("门", "men"), new("堰", "yan"),
    ];

    private static readonly Syllable[] _surnames =
    [
        new("杨", "Yang"), new("王", "Wang"), new("李", "Li"), new("张", "Zhang"), new("陈", "Chen"),
        new("刘", "Liu"), new("赵", "Zhao"), new("黄", "Huang"), new("周", "Zhou"), new("吴", "Wu"),
        new("何", "He"), new("罗", "Luo"), new("冯", "Feng"), new("邓", "Deng"), new("唐", "Tang"),
        new("蒋", "Jiang"), new("谢", "Xie"), new("袁", "Yuan"), new("苟", "Gou"), new("向", "Xiang"),
        new("蒲", "Pu"), new("任", "Ren"), new("母", "Mu"), new("贾", "Jia"), new("杜", "Du"),
    ];

    private static readonly Syllable[] _villageTerrain =
    [
        new("岩", "yan"), new("湾", "wan"), new("坝", "ba"), new("沟", "gou"), new("坪", "ping"),
        new("河", "he"), new("山", "shan"), new("梁", "liang"), new("垭", "ya"), new("坡", "po"),
        new("院", "yuan"), new("嘴", "zui"), new("岭", "ling"), new("桥", "qiao"),
    ];

    private static readonly Syllable[] _villagePlace =
    [
        new("石", "shi"), new("青", "qing"), new("白", "bai"), new("马", "ma"), new("牛", "niu"),
        new("柏", "bai"), new("松", "song"), new("桂", "gui"), new("金", "jin"), new("龙", "long"),
        new("双", "shuang"), new("三", "san"), new("五", "wu"), new("高", "gao"), new("红", "hong"),
    ];

    private static readonly Syllable[] _villageFeature =
    [
        new("龙", "long"), new("门", "men"), new("桥", "qiao"), new("井", "jing"), new("台", "tai"),
        new("庙", "miao"), new("溪", "xi"), new("峰", "feng"), new("林", "lin"), new("田", "tian"),
        new("垭", "ya"), new("岭", "ling"), new("滩", "tan"),
    ];

    private static readonly Syllable[] _givenNames =
    [
        new("伟", "Wei"), new("芳", "Fang"), new("娜", "Na"), new("敏", "Min"), new("静", "Jing"),
        new("丽", "Li"), new("强", "Qiang"), new("磊", "Lei"), new("军", "Jun"), new("勇", "Yong"),
        new("艳", "Yan"), new("杰", "Jie"), new("娟", "Juan"), new("涛", "Tao"), new("明", "Ming"),
        new("霞", "Xia"), new("刚", "Gang"), new("秀英", "Xiuying"), new("桂英", "Guiying"),
        new("建华", "Jianhua"), new("志强", "Zhiqiang"), new("红梅", "Hongmei"), new("晓燕", "Xiaoyan"),
        new("国庆", "Guoqing"), new("春兰", "Chunlan"), new("德明", "Deming"), new("玉兰", "Yulan"),
        new("小军", "Xiaojun"), new("文华", "Wenhua"), new("永红", "Yonghong"), new("海燕", "Haiyan"),
    ];

    private static readonly string[] _mobilePrefixes =
        ["130", "133", "135", "138", "139", "150", "151", "158", "177", "180", "181", "189", "199"];

    /// <summary>A community name such as 万缘社区 / Wanyuan Community, unused so far in <paramref name="taken"/>.</summary>
    public static LocalizedText Community(Random random, ISet<string> taken)
    {
        while (true)
        {
            var first = Pick(random, _communityFirst);
            var second = Pick(random, _communitySecond);
            if (first.Zh == second.Zh)
            {
                continue;
            }

            var name = new LocalizedText($"{first.Zh}{second.Zh}社区", $"{Capitalise(first.Pinyin + second.Pinyin)} Community");
            if (taken.Add(name.ZhCn))
            {
                return name;
            }
        }
    }

    /// <summary>A village name such as 杨家岩村 (a family's place) or 石龙村, unused so far in <paramref name="taken"/>.</summary>
    public static LocalizedText Village(Random random, ISet<string> taken)
    {
        while (true)
        {
            Syllable first, middle, last;
            if (random.Next(3) < 2)
            {
                (first, middle, last) = (Pick(random, _surnames), new Syllable("家", "jia"), Pick(random, _villageTerrain));
            }
            else
            {
                (first, middle, last) = (Pick(random, _villagePlace), Pick(random, _villageFeature), new Syllable(string.Empty, string.Empty));
            }

            if (first.Zh == middle.Zh || middle.Zh == last.Zh)
            {
                continue;
            }

            var pinyin = Capitalise(first.Pinyin.ToLowerInvariant() + middle.Pinyin + last.Pinyin);
            var name = new LocalizedText($"{first.Zh}{middle.Zh}{last.Zh}村", $"{pinyin} Village");
            if (taken.Add(name.ZhCn))
            {
                return name;
            }
        }
    }

    /// <summary>A person's name, family name first in both languages (王秀英 / Wang Xiuying).</summary>
    public static LocalizedText Person(Random random)
    {
        var surname = Pick(random, _surnames);
        var given = Pick(random, _givenNames);
        return new LocalizedText(surname.Zh + given.Zh, $"{surname.Pinyin} {given.Pinyin}");
    }

    /// <summary>An 11-digit mobile number of the usual 1xx pattern; fake, for the demo only.</summary>
    public static string Phone(Random random) =>
        Pick(random, _mobilePrefixes) + random.Next(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Capitalise(string pinyin) => char.ToUpperInvariant(pinyin[0]) + pinyin[1..];
}
