// The question bank: per competency, items of each difficulty with a Vietnamese stem and four options.
// Stems are built from templates plus per-competency content, so they read as plausible customs questions.
import type { Prisma } from '../db';
import { COMPETENCIES } from './frameworks';
import { type Random } from './random';

/** Items per competency and difficulty; every blueprint section must ask for at most this many. */
export const ITEMS_PER_DIFFICULTY = { EASY: 10, MEDIUM: 12, HARD: 8 } as const;

type Difficulty = keyof typeof ITEMS_PER_DIFFICULTY;

interface CompetencyContent {
  /** What the question is about, as a noun phrase. */
  topics: string[];
  /** Correct answers (actions or statements). */
  right: string[];
  /** Plausible but wrong answers. */
  wrong: string[];
  /** The regulation the question refers to. */
  law: string;
}

const CONTENT: Record<string, CompetencyContent> = {
  'C-F1-1': {
    topics: ['đăng ký tờ khai hải quan điện tử', 'khai bổ sung hồ sơ hải quan'],
    right: ['Tiếp nhận tờ khai qua hệ thống VNACCS và thông báo kết quả phân luồng cho người khai hải quan', 'Cho phép khai bổ sung trong thời hạn quy định trước thời điểm thông quan'],
    wrong: ['Yêu cầu người khai nộp toàn bộ hồ sơ giấy trước khi đăng ký tờ khai', 'Từ chối đăng ký tờ khai mà không thông báo lý do', 'Cho phép sửa số tờ khai đã được hệ thống cấp'],
    law: 'Thông tư số 38/2015/TT-BTC (được sửa đổi bởi Thông tư số 39/2018/TT-BTC)',
  },
  'C-F1-2': {
    topics: ['kiểm tra hồ sơ hải quan', 'tờ khai phân luồng vàng'],
    right: ['Đối chiếu thông tin khai báo với chứng từ trong hồ sơ và yêu cầu bổ sung nếu chưa đầy đủ', 'Hoàn thành kiểm tra hồ sơ chậm nhất 02 giờ làm việc kể từ khi tiếp nhận đầy đủ hồ sơ'],
    wrong: ['Chấp nhận hồ sơ mà không cần đối chiếu chứng từ', 'Chuyển thẳng lô hàng sang kiểm tra thực tế trong mọi trường hợp', 'Yêu cầu xuất trình bản chính hợp đồng cho mọi tờ khai luồng xanh'],
    law: 'Luật Hải quan số 54/2014/QH13',
  },
  'C-F1-3': {
    topics: ['kiểm tra thực tế hàng hóa', 'kiểm tra hàng hóa bằng máy soi container'],
    right: ['Kiểm tra theo tỷ lệ và hướng dẫn của hệ thống, ghi nhận kết quả vào hệ thống kịp thời', 'Mở rộng tỷ lệ kiểm tra khi phát hiện dấu hiệu vi phạm và báo cáo lãnh đạo Chi cục'],
    wrong: ['Chỉ kiểm tra hàng hóa khi doanh nghiệp đồng ý', 'Cho thông quan rồi kiểm tra thực tế sau', 'Giao cho doanh nghiệp tự kiểm tra và báo cáo kết quả'],
    law: 'Nghị định số 08/2015/NĐ-CP (được sửa đổi bởi Nghị định số 59/2018/NĐ-CP)',
  },
  'C-F1-4': {
    topics: ['giám sát hàng hóa tại cảng biển', 'giám sát hàng hóa quá cảnh, chuyển cửa khẩu'],
    right: ['Giám sát qua hệ thống camera và niêm phong hải quan, xác nhận hàng qua khu vực giám sát', 'Theo dõi thời gian vận chuyển và xử lý khi hàng đến đích không đúng tuyến đường'],
    wrong: ['Chỉ giám sát khi có yêu cầu của doanh nghiệp kinh doanh cảng', 'Cho phép đưa hàng ra khỏi cảng trước khi có quyết định thông quan', 'Miễn niêm phong hải quan với mọi lô hàng chuyển cửa khẩu'],
    law: 'Luật Hải quan số 54/2014/QH13',
  },
  'C-F2-1': {
    topics: ['phân loại hàng hóa theo Danh mục hàng hóa xuất khẩu, nhập khẩu', 'áp dụng quy tắc tổng quát giải thích Danh mục HS'],
    right: ['Áp dụng lần lượt 6 quy tắc tổng quát, ưu tiên nội dung nhóm và chú giải phần, chương', 'Lấy mẫu đề nghị phân tích khi không đủ cơ sở xác định mã số'],
    wrong: ['Chấp nhận mã số doanh nghiệp khai trong mọi trường hợp', 'Chọn mã số có thuế suất thấp nhất để tạo thuận lợi', 'Phân loại theo tên thương mại ghi trên hóa đơn'],
    law: 'Thông tư số 31/2022/TT-BTC',
  },
  'C-F2-2': {
    topics: ['xác định trị giá hải quan hàng nhập khẩu', 'tham vấn trị giá'],
    right: ['Áp dụng phương pháp trị giá giao dịch trước, chỉ chuyển phương pháp khác khi không đủ điều kiện', 'Cộng các khoản điều chỉnh như phí bản quyền, chi phí vận tải đến cửa khẩu nhập đầu tiên'],
    wrong: ['Xác định trị giá theo giá bán lẻ trên thị trường nội địa', 'Luôn áp dụng trị giá tối thiểu do Chi cục tự ban hành', 'Loại trừ chi phí bảo hiểm quốc tế khỏi trị giá tính thuế'],
    law: 'Thông tư số 39/2015/TT-BTC',
  },
  'C-F2-3': {
    topics: ['kiểm tra chứng từ chứng nhận xuất xứ', 'áp dụng thuế suất ưu đãi đặc biệt theo hiệp định thương mại tự do'],
    right: ['Kiểm tra tính hợp lệ của C/O và sự phù hợp giữa C/O với hàng hóa thực nhập', 'Tạm tính thuế theo thuế suất MFN khi có nghi ngờ và đề nghị xác minh xuất xứ'],
    wrong: ['Chấp nhận C/O bản chụp không có xác nhận trong mọi trường hợp', 'Từ chối C/O chỉ vì lỗi chính tả không làm thay đổi nội dung', 'Áp dụng thuế suất ưu đãi đặc biệt cho mọi hàng hóa có nguồn gốc ASEAN'],
    law: 'Thông tư số 33/2023/TT-BTC',
  },
  'C-F2-4': {
    topics: ['quản lý nợ thuế hàng xuất nhập khẩu', 'hoàn thuế nhập khẩu'],
    right: ['Tính tiền chậm nộp theo số ngày chậm nộp và thông báo cho người nộp thuế', 'Áp dụng biện pháp cưỡng chế theo thứ tự luật định khi quá hạn nộp thuế'],
    wrong: ['Xóa nợ thuế khi doanh nghiệp có văn bản đề nghị', 'Cho thông quan lô hàng tiếp theo mà không cần xem xét tình trạng nợ', 'Hoàn thuế mà không cần kiểm tra hồ sơ'],
    law: 'Luật Quản lý thuế số 38/2019/QH14',
  },
  'C-F3-1': {
    topics: ['thu thập thông tin về buôn lậu', 'quản lý cơ sở cung cấp thông tin'],
    right: ['Thu thập, xác minh thông tin từ nhiều nguồn và cập nhật vào hệ thống thông tin nghiệp vụ', 'Bảo mật nguồn tin và đánh giá độ tin cậy trước khi đề xuất biện pháp nghiệp vụ'],
    wrong: ['Công khai nguồn tin để tăng tính răn đe', 'Chỉ sử dụng thông tin do doanh nghiệp cung cấp', 'Lưu thông tin nghiệp vụ trên thiết bị cá nhân'],
    law: 'Nghị định số 01/2015/NĐ-CP',
  },
  'C-F3-2': {
    topics: ['tuần tra, kiểm soát hải quan trên tuyến biên giới', 'khám phương tiện vận tải'],
    right: ['Lập kế hoạch tuần tra theo địa bàn trọng điểm và phối hợp với lực lượng biên phòng', 'Khám phương tiện khi có căn cứ và lập biên bản theo đúng quy định'],
    wrong: ['Khám phương tiện của mọi người dân qua lại khu vực biên giới', 'Tuần tra một mình không cần kế hoạch', 'Tạm giữ phương tiện không lập biên bản'],
    law: 'Luật Hải quan số 54/2014/QH13',
  },
  'C-F3-3': {
    topics: ['điều tra vụ việc buôn lậu', 'khởi tố vụ án hình sự về buôn lậu'],
    right: ['Xác minh dấu hiệu tội phạm và khởi tố trong thời hạn luật định, chuyển hồ sơ cho cơ quan điều tra có thẩm quyền', 'Thu giữ, bảo quản vật chứng và lập biên bản đầy đủ'],
    wrong: ['Xử lý hành chính mọi vụ việc để rút ngắn thời gian', 'Trả lại vật chứng cho chủ hàng trước khi kết thúc điều tra', 'Lấy lời khai không lập biên bản'],
    law: 'Bộ luật Tố tụng hình sự năm 2015',
  },
  'C-F3-4': {
    topics: ['phòng, chống ma túy qua biên giới', 'kiểm soát tiền chất'],
    right: ['Áp dụng hồ sơ rủi ro, máy soi và chó nghiệp vụ với hành lý, hàng hóa có dấu hiệu nghi vấn', 'Phối hợp với công an, biên phòng để kiểm soát giao hàng có kiểm soát'],
    wrong: ['Bỏ qua hành lý của khách nhập cảnh theo đoàn', 'Tiêu hủy ngay mẫu nghi vấn tại chỗ', 'Chỉ kiểm tra khi có tố giác'],
    law: 'Luật Phòng, chống ma túy năm 2021',
  },
  'C-F4-1': {
    topics: ['kiểm tra sau thông quan tại trụ sở cơ quan hải quan', 'kiểm tra hồ sơ đã thông quan'],
    right: ['Ra quyết định kiểm tra, thông báo cho người khai hải quan và kết luận trong thời hạn quy định', 'Yêu cầu giải trình, bổ sung chứng từ khi phát hiện sai lệch'],
    wrong: ['Kiểm tra không cần ra quyết định', 'Chỉ kiểm tra các tờ khai luồng đỏ', 'Kéo dài thời gian kiểm tra không giới hạn'],
    law: 'Thông tư số 38/2015/TT-BTC',
  },
  'C-F4-2': {
    topics: ['kiểm tra sau thông quan tại trụ sở người khai hải quan', 'kiểm tra định mức nguyên liệu gia công, sản xuất xuất khẩu'],
    right: ['Đối chiếu sổ sách kế toán, chứng từ và tồn kho thực tế với số liệu khai hải quan', 'Lập biên bản kiểm tra và kết luận trong thời hạn 05 ngày làm việc kể từ khi kết thúc kiểm tra'],
    wrong: ['Kiểm tra toàn bộ hoạt động kinh doanh ngoài phạm vi quyết định', 'Tạm dừng hoạt động sản xuất của doanh nghiệp trong thời gian kiểm tra', 'Kết luận bằng lời nói với giám đốc doanh nghiệp'],
    law: 'Luật Hải quan số 54/2014/QH13',
  },
  'C-F4-3': {
    topics: ['phân tích báo cáo tài chính doanh nghiệp', 'phát hiện chuyển giá'],
    right: ['So sánh giá vốn, doanh thu với số liệu xuất nhập khẩu để phát hiện dấu hiệu khai sai trị giá', 'Phân tích giao dịch với bên liên kết và các khoản thanh toán qua ngân hàng'],
    wrong: ['Chỉ xem xét báo cáo của năm hiện hành', 'Chấp nhận số liệu báo cáo chưa kiểm toán mà không đối chiếu', 'Bỏ qua các khoản phí bản quyền trả cho công ty mẹ'],
    law: 'Thông tư số 39/2015/TT-BTC',
  },
  'C-F5-1': {
    topics: ['thu thập, phân tích thông tin rủi ro', 'lập hồ sơ rủi ro'],
    right: ['Cập nhật thông tin vào hệ thống quản lý rủi ro và xây dựng hồ sơ rủi ro theo mặt hàng, doanh nghiệp', 'Đánh giá hiệu quả hồ sơ rủi ro dựa trên tỷ lệ phát hiện vi phạm'],
    wrong: ['Lưu thông tin rủi ro trên bảng tính cá nhân', 'Áp dụng một hồ sơ rủi ro cho mọi mặt hàng', 'Không chia sẻ thông tin rủi ro với các Chi cục'],
    law: 'Thông tư số 81/2019/TT-BTC',
  },
  'C-F5-2': {
    topics: ['đánh giá tuân thủ pháp luật của người khai hải quan', 'xếp hạng doanh nghiệp'],
    right: ['Đánh giá theo bộ tiêu chí định kỳ và cập nhật khi có thông tin vi phạm mới', 'Phân loại doanh nghiệp ưu tiên, tuân thủ cao, trung bình, thấp theo quy định'],
    wrong: ['Xếp hạng theo quy mô vốn điều lệ', 'Giữ nguyên xếp hạng khi doanh nghiệp bị xử phạt', 'Cho doanh nghiệp tự đánh giá mức độ tuân thủ'],
    law: 'Thông tư số 81/2019/TT-BTC',
  },
  'C-F5-3': {
    topics: ['xây dựng tiêu chí phân luồng', 'điều chỉnh tỷ lệ kiểm tra'],
    right: ['Thiết lập tiêu chí dựa trên phân tích rủi ro và rà soát, điều chỉnh định kỳ', 'Đánh giá tỷ lệ phát hiện vi phạm theo từng tiêu chí để loại bỏ tiêu chí kém hiệu quả'],
    wrong: ['Phân luồng đỏ cho mọi tờ khai của doanh nghiệp mới', 'Giữ tiêu chí cố định trong nhiều năm', 'Để công chức tự chọn luồng cho từng tờ khai'],
    law: 'Thông tư số 81/2019/TT-BTC',
  },
  'C-F6-1': {
    topics: ['lập biên bản vi phạm hành chính về hải quan', 'tạm giữ tang vật, phương tiện'],
    right: ['Lập biên bản ngay khi phát hiện vi phạm, ghi đầy đủ nội dung và giao cho người vi phạm một bản', 'Chuyển biên bản cho người có thẩm quyền xử phạt trong thời hạn quy định'],
    wrong: ['Lập biên bản sau khi kết thúc đợt kiểm tra một tháng', 'Ghi biên bản bằng bút chì để dễ sửa', 'Không cần chữ ký của người vi phạm'],
    law: 'Luật Xử lý vi phạm hành chính năm 2012',
  },
  'C-F6-2': {
    topics: ['xử phạt vi phạm hành chính trong lĩnh vực hải quan', 'xác định hành vi khai sai'],
    right: ['Xác định đúng hành vi, tình tiết tăng nặng, giảm nhẹ và mức phạt theo Nghị định', 'Ra quyết định xử phạt trong thời hạn và đúng thẩm quyền'],
    wrong: ['Áp dụng mức phạt tối đa cho mọi trường hợp', 'Xử phạt bằng lời nhắc nhở qua điện thoại', 'Giao quyền ra quyết định cho công chức lập biên bản'],
    law: 'Nghị định số 128/2020/NĐ-CP',
  },
  'C-F6-3': {
    topics: ['cưỡng chế thi hành quyết định hành chính', 'dừng làm thủ tục hải quan'],
    right: ['Thông báo trước khi áp dụng biện pháp cưỡng chế và thực hiện theo thứ tự luật định', 'Chấm dứt cưỡng chế ngay khi người nộp thuế hoàn thành nghĩa vụ'],
    wrong: ['Cưỡng chế không cần quyết định bằng văn bản', 'Áp dụng đồng thời mọi biện pháp cưỡng chế', 'Duy trì cưỡng chế sau khi đã nộp đủ tiền'],
    law: 'Luật Quản lý thuế số 38/2019/QH14',
  },
  'C-F7-1': {
    topics: ['tiến hành thanh tra chuyên ngành hải quan', 'kết luận thanh tra'],
    right: ['Công bố quyết định thanh tra, thu thập chứng cứ và ban hành kết luận đúng thời hạn', 'Theo dõi, đôn đốc việc thực hiện kết luận thanh tra'],
    wrong: ['Thanh tra không cần quyết định', 'Kết luận thanh tra trước khi thu thập chứng cứ', 'Giữ kín kết luận thanh tra với đối tượng thanh tra'],
    law: 'Luật Thanh tra năm 2022',
  },
  'C-F7-2': {
    topics: ['giải quyết khiếu nại của doanh nghiệp', 'tiếp nhận đơn tố cáo'],
    right: ['Thụ lý, xác minh và ra quyết định giải quyết khiếu nại trong thời hạn luật định', 'Giữ bí mật thông tin người tố cáo và phân loại đơn đúng thẩm quyền'],
    wrong: ['Chuyển đơn tố cáo cho người bị tố cáo xử lý', 'Từ chối mọi đơn khiếu nại gửi qua mạng', 'Giải quyết khiếu nại bằng trao đổi miệng'],
    law: 'Luật Khiếu nại năm 2011',
  },
  'C-F7-3': {
    topics: ['phòng, chống tham nhũng trong ngành hải quan', 'kê khai tài sản, thu nhập'],
    right: ['Kê khai tài sản, thu nhập trung thực, đúng hạn và báo cáo khi có xung đột lợi ích', 'Chuyển đổi vị trí công tác định kỳ đối với vị trí nhạy cảm'],
    wrong: ['Nhận quà của doanh nghiệp nếu giá trị nhỏ', 'Kê khai tài sản khi được yêu cầu bằng miệng', 'Để người thân góp vốn vào doanh nghiệp do mình quản lý'],
    law: 'Luật Phòng, chống tham nhũng năm 2018',
  },
  'C-F8-1': {
    topics: ['lấy mẫu hàng hóa phục vụ phân tích', 'niêm phong, bàn giao mẫu'],
    right: ['Lấy mẫu đại diện cho lô hàng, có xác nhận của người khai hải quan và niêm phong mẫu', 'Lập phiếu yêu cầu phân tích ghi đầy đủ thông tin và bàn giao mẫu đúng thời hạn'],
    wrong: ['Để doanh nghiệp tự lấy mẫu và gửi đi', 'Lấy mẫu từ hàng hóa của lô khác tương tự', 'Gửi mẫu không niêm phong để tiết kiệm thời gian'],
    law: 'Thông tư số 14/2015/TT-BTC',
  },
  'C-F8-2': {
    topics: ['phân tích hàng hóa phục vụ phân loại', 'xác định thành phần hóa học của mẫu'],
    right: ['Chọn phương pháp thử phù hợp, ghi nhận kết quả và đối chiếu với chú giải HS', 'Kiểm tra lặp lại khi kết quả không ổn định hoặc có nghi ngờ'],
    wrong: ['Kết luận dựa trên mô tả của doanh nghiệp', 'Dùng một phương pháp thử cho mọi loại hàng', 'Bỏ qua độ không đảm bảo đo khi báo cáo kết quả'],
    law: 'Thông tư số 14/2015/TT-BTC',
  },
  'C-F8-3': {
    topics: ['quản lý chất lượng phòng thí nghiệm', 'hiệu chuẩn thiết bị phân tích'],
    right: ['Hiệu chuẩn thiết bị theo kế hoạch và lưu hồ sơ theo ISO/IEC 17025', 'Tham gia thử nghiệm thành thạo để đánh giá năng lực phòng thí nghiệm'],
    wrong: ['Chỉ hiệu chuẩn khi thiết bị hỏng', 'Tự sửa kết quả khi không khớp với kỳ vọng', 'Bỏ qua đánh giá nội bộ hằng năm'],
    law: 'Tiêu chuẩn TCVN ISO/IEC 17025:2017',
  },
  'C-COM-LAW': {
    topics: ['quyền và nghĩa vụ của người khai hải quan', 'địa bàn hoạt động hải quan', 'thời hạn làm thủ tục hải quan'],
    right: ['Thực hiện đúng trình tự, thủ tục và thời hạn do Luật Hải quan quy định', 'Áp dụng văn bản có hiệu lực pháp lý cao hơn khi các văn bản quy định khác nhau'],
    wrong: ['Áp dụng hướng dẫn nội bộ thay cho Luật khi có mâu thuẫn', 'Kéo dài thời hạn làm thủ tục theo ý kiến cá nhân', 'Áp dụng văn bản đã hết hiệu lực nếu có lợi cho doanh nghiệp'],
    law: 'Luật Hải quan số 54/2014/QH13',
  },
  'C-COM-ETH': {
    topics: ['quy tắc ứng xử của công chức hải quan', 'phòng ngừa xung đột lợi ích'],
    right: ['Từ chối quà tặng và báo cáo lãnh đạo khi doanh nghiệp có hành vi đưa quà', 'Ứng xử văn minh, giải thích rõ ràng và không gây phiền hà cho người khai hải quan'],
    wrong: ['Nhận quà dịp lễ Tết nếu không ảnh hưởng đến công việc', 'Tư vấn riêng có thu phí cho doanh nghiệp ngoài giờ làm việc', 'Giải quyết hồ sơ của người quen trước để giữ quan hệ'],
    law: 'Quy tắc ứng xử của công chức hải quan',
  },
  'C-COM-IT': {
    topics: ['sử dụng hệ thống VNACCS/VCIS', 'bảo mật thông tin trên hệ thống hải quan điện tử'],
    right: ['Sử dụng tài khoản được cấp, không chia sẻ mật khẩu và đăng xuất khi rời máy', 'Báo cáo ngay bộ phận công nghệ thông tin khi hệ thống có sự cố'],
    wrong: ['Dùng chung tài khoản trong ca trực để tiết kiệm thời gian', 'Cài đặt phần mềm không rõ nguồn gốc lên máy nghiệp vụ', 'Gửi dữ liệu tờ khai qua thư điện tử cá nhân'],
    law: 'Quy chế an toàn, bảo mật thông tin của ngành Hải quan',
  },
};

const GOODS = [
  'linh kiện điện tử', 'thép cán nóng', 'hạt nhựa PE', 'sữa bột', 'gỗ xẻ', 'phân bón', 'điện thoại di động',
  'vải dệt kim', 'máy móc đã qua sử dụng', 'thủy sản đông lạnh', 'ô tô nguyên chiếc', 'hóa chất công nghiệp',
  'trái cây tươi', 'thuốc lá điếu', 'mỹ phẩm', 'phụ tùng xe máy',
];

const SITUATIONS = [
  'hệ thống phân luồng đỏ tờ khai nhập khẩu',
  'doanh nghiệp đề nghị khai bổ sung sau khi hàng đã đưa về kho',
  'thông tin khai báo không khớp với chứng từ vận tải',
  'có nguồn tin về dấu hiệu khai sai tên hàng',
  'doanh nghiệp là doanh nghiệp ưu tiên đề nghị giải phóng hàng',
  'người khai hải quan không đồng ý với kết quả kiểm tra',
  'lô hàng lưu giữ tại cảng quá thời hạn quy định',
  'hệ thống hải quan điện tử gặp sự cố trong giờ cao điểm',
];

// Stem templates per difficulty: easy ones ask for a rule, hard ones give a situation.
const TEMPLATES: Record<Difficulty, ((c: StemSlots) => string)[]> = {
  EASY: [
    (s) => `Nhận định nào sau đây về ${s.topic} đối với mặt hàng ${s.goods} là đúng?`,
    (s) => `Theo ${s.law}, nội dung nào sau đây đúng về ${s.topic} khi làm thủ tục cho lô hàng ${s.goods}?`,
    (s) => `Khi thực hiện ${s.topic} đối với lô hàng ${s.goods}, công chức hải quan phải làm gì?`,
  ],
  MEDIUM: [
    (s) => `Theo ${s.law}, khi thực hiện ${s.topic} đối với lô hàng ${s.goods}, công chức hải quan xử lý như thế nào?`,
    (s) => `Trong ${s.topic} đối với mặt hàng ${s.goods}, phương án nào sau đây đúng quy định?`,
    (s) => `Khi ${s.situation}, công chức làm nhiệm vụ ${s.topic} cần thực hiện việc nào sau đây?`,
  ],
  HARD: [
    (s) => `Tình huống: ${capitalise(s.situation)} đối với lô hàng ${s.goods}. Căn cứ ${s.law}, phương án xử lý nào về ${s.topic} là phù hợp nhất?`,
    (s) => `Tình huống: Khi ${s.situation}, trưởng ca yêu cầu ưu tiên tốc độ thông quan lô hàng ${s.goods}. Về ${s.topic}, công chức cần làm gì để vừa đúng quy định vừa tạo thuận lợi?`,
  ],
};

interface StemSlots {
  topic: string;
  law: string;
  goods: string;
  situation: string;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const KEYS = ['A', 'B', 'C', 'D'] as const;

export interface QuestionBank {
  items: Prisma.QuestionItemCreateManyInput[];
  versions: Prisma.QuestionItemVersionCreateManyInput[];
}

export function buildQuestionBank(random: Random): QuestionBank {
  const items: Prisma.QuestionItemCreateManyInput[] = [];
  const versions: Prisma.QuestionItemVersionCreateManyInput[] = [];
  for (const competency of COMPETENCIES) {
    const content = CONTENT[competency.id];
    if (!content) throw new Error(`no question content for ${competency.id}`);
    let n = 0;
    const seen = new Set<string>();
    for (const difficulty of Object.keys(ITEMS_PER_DIFFICULTY) as Difficulty[]) {
      const templates = TEMPLATES[difficulty];
      for (let i = 0; i < ITEMS_PER_DIFFICULTY[difficulty]; i++) {
        n++;
        const code = `Q-${competency.id}-${String(n).padStart(4, '0')}`;
        // Redraw the goods and situation until the stem is new within the competency.
        let stem = '';
        for (let attempt = 0; attempt < 50 && (stem === '' || seen.has(stem)); attempt++) {
          const slots: StemSlots = {
            topic: content.topics[i % content.topics.length],
            law: content.law,
            goods: random.pick(GOODS),
            situation: random.pick(SITUATIONS),
          };
          stem = templates[i % templates.length](slots);
        }
        seen.add(stem);
        // One right answer and three wrong ones, in random order.
        const right = content.right[i % content.right.length];
        const options = random.shuffle([right, ...content.wrong]).map((text, k) => ({ key: KEYS[k], text }));
        const correctKey = options.find((o) => o.text === right)!.key;
        items.push({ id: code, code, status: 'ACTIVE', currentVersion: 1 });
        versions.push({
          id: `${code}-v1`, itemId: code, version: 1, stem, options, correctKey,
          competencyId: competency.id, difficulty, fieldId: competency.fieldId ?? null, positionIds: [],
        });
      }
    }
  }
  return { items, versions };
}
