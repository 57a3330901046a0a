"""Name lexicons for recognising people without a title or honorific in front of them.

* :data:`FOREIGN_GIVEN`: common given names of many languages as written in Vietnamese news
  (Latin script, no diacritics), plus East-Asian family names that open romanised names
  ("Kim Bum", "Sun Shihai"). A bare capitalised ASCII run of 2-4 words whose first word is
  here is read as a person ("Dmitry Sokolov", "Lola Dodge").
* :data:`NOT_NAME_TAIL`: capitalised words that open a sentence but practically never end a
  Vietnamese name; a name run ending in one of them is cut ("Trần Ly Ly Bên cạnh" ->
  "Trần Ly Ly").
* :data:`ORG_WORDS`: words that make a capitalised ASCII run an organisation, product or
  event rather than a person ("Sky News", "SPDR Gold Trust", "Vietnam Airlines").
* :data:`PERSON_NOUNS`: lower-case words that, after a name and a comma, describe a person
  ("Elga Reyes, một người dùng Twitter khác, viết").

Own compilation from general knowledge; not exhaustive.
"""
from __future__ import annotations

FOREIGN_GIVEN: frozenset[str] = frozenset("""
Aaron Abdul Abdullah Abe Adam Adrian Ahmad Ahmed Aisha Akira Alan Albert Alberto Alex
Alexander Alexandre Alexandra Alexei Alexey Alexis Alfred Ali Alice Alicia Alison Amanda
Amber Amelia Amir Amit Amy Ana Anatoly Anders Andre Andrea Andreas Andrei Andrew Andrey
Andy Angela Angelina Angelo Anil Anita Ann Anna Anne Annie Anthony Antoine Antonio Anwar
Ariel Arnold Arthur Ashley Ashraf Aung Ayman Barack Barbara Bashar Ben Benjamin Bernard
Bernie Beyonce Bill Billy Bob Boris Brad Brandon Brian Britney Bruce Bruno Bryan Carl Carla
Carlo Carlos Carmen Caroline Catherine Cecilia Charles Charlie Charlotte Chris Christian
Christina Christine Christopher Claire Clara Claude Claudia Colin Daniel Daniela Danny David
Dennis Diana Diego Dimitri Dmitri Dmitry Dominic Donald Dorothy Douglas Dwayne Ed Eddie
Edgar Edward Elena Eli Elizabeth Ellen Emily Emma Emmanuel Eric Erik Ernest Eva Evan
Fabio Fatima Felipe Felix Fernando Francesco Francis Francisco Frank Franz Fred Frederick
Gabriel Gareth Gary George Georgi Gerald Gerhard Giorgio Giovanni Giuseppe Gordon Grace
Greg Gregory Guillermo Gustavo Hamid Hannah Hans Harry Hassan Hassanal Heather Heinz
Helen Helmut Henry Hillary Hiroshi Hugo Hussein Ian Igor Ilya Imran Irina Isaac Isabel
Ivan Jack Jacob Jacques James Jamie Jan Jane Janet Jason Javier Jean Jeff Jeffrey Jennifer
Jenifer Jenny Jeremy Jermaine Jerry Jessica Jim Jimmy Joan Joao Joe Joel Johan Johann John
Johnny Jon Jonathan Jorge Jose Joseph Josh Joshua Juan Judith Julia Julian Julie Justin
Karen Karim Karl Kate Katherine Katie Katy Keith Kelly Ken Kenneth Kevin Khalid Kim Kirk
Klaus Kofi Kurt Kyle Larry Laura Lauren Laurent Lee Leo Leon Leonardo Lewis Linda Lionel
Lisa Lola Louis Lucas Lucy Luis Luke Magnus Mahmoud Manmohan Manon Manuel Marc Marco Marcus
Margaret Maria Marie Marina Mario Marion Mark Martin Mary Mathieu Matt Matthew Max Maxim
Megan Mehmet Melanie Michael Michel Michelle Miguel Mike Mikhail Mohamed Mohammad Mohammed
Monica Muhammad Nancy Naomi Narendra Natalia Natalie Nataly Natasha Nathan Neil Nicholas
Nick Nicolas Nicole Nikita Nikolai Nina Noah Nora Norman Oleg Olga Oliver Olivia Omar
Oscar Osama Pablo Pamela Paolo Patricia Patrick Paul Paula Pavel Pedro Peter Philip
Philippe Pierre Prakash Pranab Preeti Rachel Rafael Rahul Raj Ralph Ramon Randy Raul Ray
Raymond Rebecca Recep Richard Rick Ricardo Rob Robert Roberto Robin Rodrigo Roger Roman
Ronald Rosa Ross Roy Ruben Rudy Russell Ruth Ryan Sadiq Salman Sam Samantha Samuel Sandra
Sara Sarah Saud Scott Sean Sebastian Sergei Sergey Sergio Shane Shaun Shinzo Simon Sofia
Sonia Sophie Stefan Stephan Stephanie Stephen Steve Steven Stuart Sujata Sunil Susan
Sushma Svetlana Tatiana Taylor Ted Teresa Terry Theresa Thomas Tim Timothy Todd Tom Tommy
Tony Tyler Ursula Valentina Valentin Valerie Vanessa Vera Victor Victoria Viktor Vincent
Viktoria Vladimir Walter Wayne Wendy Werner William Willy Wolfgang Xavier Yasser Yoshihiko
Yuri Yury Yusuf Zac Zach Zoe
Ahn Bae Baek Cho Choi Chung Han Hwang Jang Jeon Jung Kang Ko Kwon Lim Moon Oh Park Seo Shin
Song Yoo Yoon Chen Cheng Deng Fang Feng Guo Hsiao Hsu Huang Jiang Lin Liu Wang Wei Wu Xi
Xu Yang Zhang Zhao Zhou Sun Chong Tan Lim Koh Goh
""".split())

NOT_NAME_TAIL: frozenset[str] = frozenset("""
Mấy Bên Tương Theo Trong Tại Sau Khi Với Từ Cũng Còn Vì Do Nếu Ngày Hôm Tháng Dù Được
Cuộc Việc Bài Ảnh Các Những Một Đây Đó Nhưng Tuy Trước Để Về Cùng Chỉ Đến Ngoài Riêng
Tối Trưa Lúc Xe Giá Tin Hiện Thực Trên Dưới Qua Sẽ Đã Đang Là Có Không Bởi Nhiều Mỗi Cả
Tất Phía Sự Vụ Nhờ Clip Video Chiều Lần Ngoài Hôm Mở
Đánh Cánh Nụ Chiếu Ở Nhóm Tạm Ủy Giải Khán Hình Xem Đọc Trao Nhận Tham Chia Nói Cho
Khiến Gây Bị Nhằm Kể Như Hoặc Tạo Mang Lấy Gửi Mời Đưa Đặt Dành Ngắm Vẻ Tiếp Đề
""".split())

ORG_WORDS: frozenset[str] = frozenset("""
News Times Post Journal Group Airlines Airways Air Bank Corp Corporation Inc Ltd Company Co
Agency Press Club FC United Partnership Trust Fund Foundation Institute University College
School Association Council Committee Ministry Party Army Force Forces Team Awards Award Cup
Games Store Idol Music Records Entertainment Studio Studios Pictures Media TV Channel Radio
Network Online Global International Holdings Capital Partners Securities Insurance Motors
Electronics Technologies Technology Systems Labs Services Energy Oil Gas Petroleum Steel
Telecom Mobile Express Daily Weekly Magazine Review Herald Tribune Guardian Telegraph
Mail Independent Observer Gazette Chronicle Today Show Festival League Open Championship
Tour Series Edition Pro Max Mini Plus Galaxy Phone Pad Book Watch Air Store Center Centre
Hospital Hotel Resort Park Square Street Road Avenue Airport Port Station Stadium Arena
Gold Silver Limited Mall Market Exchange Index Fund Research Survey Office Department
City Pacific Earthquakes Sounders Rapids Timbers Revolution Voice Idol Vietnam
""".split())

#: Capitalised ASCII words that open a longer foreign place or club name ("San Jose
#: Earthquakes", "Los Angeles"): a capitalised run right after one is not a person.
FOREIGN_NAME_OPENERS: frozenset[str] = frozenset(
    "San Santa Los Las New Le La St Saint Port Fort Mount El Al Real Inter".split())

PERSON_NOUNS: tuple[str, ...] = (
    "người", "một", "cựu", "nhà", "chuyên gia", "chồng", "vợ", "con", "em", "anh", "chị",
    "bạn", "cha", "mẹ", "ông", "bà", "cô", "giám đốc", "chủ tịch", "tổng", "phó", "trưởng",
    "thành viên", "sinh viên", "học sinh", "giáo sư", "tiến sĩ", "luật sư", "bác sĩ", "ca sĩ",
    "diễn viên", "cầu thủ", "tiền đạo", "thủ môn", "huấn luyện viên", "hlv", "nghị sĩ",
    "đại sứ", "bộ trưởng", "thủ tướng", "tổng thống", "nhà báo", "phóng viên", "ceo",
    "đồng sáng lập", "nhà sáng lập", "người sáng lập", "phát ngôn viên", "nữ", "nam", "cậu",
    "tay vợt", "võ sĩ", "vận động viên", "nghệ sĩ", "nhạc sĩ", "đạo diễn", "người mẫu",
    "hoa hậu", "siêu mẫu", "tỷ phú", "doanh nhân", "chủ nhân", "nghi phạm", "nạn nhân",
)
