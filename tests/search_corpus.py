"""A small hand-written corpus for the search tests (original text, fictional events)."""

ARTICLES = [
    {"id": "d1", "title": "Bắt giữ xe container chở 20 tấn đường cát nhập lậu tại Tây Ninh",
     "body": "Lực lượng hải quan tỉnh Tây Ninh vừa bắt giữ một xe container chở 20 tấn đường cát "
             "không rõ nguồn gốc tại huyện Bến Cầu. Chủ hàng khai nhận mua đường từ Campuchia.",
     "date": "2021-03-05", "category": "anti-smuggling"},
    {"id": "d2", "title": "Thu giữ 3.000 bao thuốc lá lậu ở biên giới Tây Ninh",
     "body": "Tổ công tác phát hiện một nhóm đối tượng vận chuyển thuốc lá điếu qua lối mở biên giới, "
             "thu giữ 3.000 bao thuốc lá ngoại nhập lậu.",
     "date": "2022-07-11", "category": "anti-smuggling"},
    {"id": "d3", "title": "Cửa khẩu Hữu Nghị thông quan hơn 1.000 xe nông sản mỗi ngày",
     "body": "Tại cửa khẩu quốc tế Hữu Nghị, lượng xe chở thanh long và sầu riêng tăng mạnh. "
             "Hải quan bố trí thêm công chức làm thủ tục xuất khẩu đến 22 giờ.",
     "date": "2023-12-20", "category": "border-gates"},
    {"id": "d4", "title": "Nông sản chờ qua cửa khẩu Tân Thanh",
     "body": "Hàng trăm xe chở hoa quả xếp hàng trước cửa khẩu. Các cơ quan quản lý tại Hữu Nghị "
             "và Tân Thanh phối hợp điều tiết, tránh ùn tắc kéo dài sang đầu năm.",
     "date": "2021-12-28", "category": "border-gates"},
    {"id": "d5", "title": "Thủ tục xuất khẩu sầu riêng chính ngạch sang Trung Quốc",
     "body": "Doanh nghiệp cần có mã số vùng trồng, mã số cơ sở đóng gói và giấy chứng nhận kiểm dịch "
             "thực vật. Hồ sơ hải quan gồm tờ khai, hợp đồng mua bán và hóa đơn thương mại.",
     "date": "2022-09-01", "category": "legal"},
    {"id": "d6", "title": "Hướng dẫn khai mã HS cho linh kiện điện tử",
     "body": "Cơ quan hải quan hướng dẫn doanh nghiệp phân loại mã số hàng hóa theo quy tắc tổng quát "
             "giải thích Danh mục, tránh khai sai dẫn đến truy thu thuế.",
     "date": "2020-05-15", "category": "legal"},
    {"id": "d7", "title": "Trao Bằng khen cho tập thể Đội Kiểm soát chống buôn lậu",
     "body": "Nhân dịp tổng kết năm, Đội Kiểm soát được tặng Bằng khen vì thành tích xuất sắc trong "
             "phong trào thi đua, góp phần ngăn chặn nhiều vụ buôn lậu lớn.",
     "date": "2019-01-20", "category": "emulation"},
    {"id": "d8", "title": "Phong trào thi đua yêu nước tại Cục Hải quan Quảng Bình",
     "body": "Các đơn vị đăng ký thi đua, thực hiện văn hóa công sở và cải cách thủ tục hành chính.",
     "date": "2020-03-02", "category": "emulation"},
    {"id": "d9", "title": "Đường dây buôn lậu ngà voi qua cảng biển bị triệt phá",
     "body": "Tại cảng Cát Lái, hải quan soi chiếu container phát hiện 2 tấn ngà voi giấu trong gỗ. "
             "Đây là vụ buôn lậu động vật hoang dã lớn nhất năm.",
     "date": "2018-06-30", "category": "anti-smuggling"},
    {"id": "d10", "title": "Cửa khẩu Cha Lo đón dòng xe tải từ Lào",
     "body": "Những ngày cuối năm, xe tải chở gỗ và quặng từ Lào về qua Cha Lo tăng gần gấp đôi. "
             "Hải quan cửa khẩu Cha Lo làm thủ tục nhanh cho hàng quá cảnh.",
     "date": "2017-11-15", "category": "border-gates"},
    {"id": "d11", "title": "Bản tin khu vực",
     "body": "Con đường dẫn vào khu kinh tế cửa khẩu được mở rộng. Dương liễu được trồng dọc hai bên.",
     "date": "2016-04-04", "category": "border-gates"},
    {"id": "d12", "title": "Bài viết có <script>alert(1)</script> trong tiêu đề",
     "body": "Nội dung có thẻ <b>đậm</b> & ký tự đặc biệt về hải quan điện tử.",
     "date": "2024-02-02", "category": "legal"},
]
